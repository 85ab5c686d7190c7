import { Box, Button } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldRow, TextField } from "./Fields";

/** A search box that hands its text over when submitted. */
export function SearchForm({ label, onSearch }: { label: string; onSearch: (text: string) => void }) {
  const [draft, setDraft] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(draft);
  }

  return (
    <Box as="form" onSubmit={submit}>
      <FieldRow>
        <TextField label={label} name="search" value={draft} onChange={setDraft} />
        <Button type="submit" variant="secondary">Search</Button>
      </FieldRow>
    </Box>
  );
}
