import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { FieldError } from "../../api/client";
import { useMutation, useQuery } from "../../api/hooks";
import { Journey, JOURNEY, JOURNEY_DELETE, JOURNEY_UPDATE, journeyDraft, journeyInput } from "../../api/journeys";
import { Card } from "../../components/Card";
import { ErrorList, ErrorNotice, Loading, Notice } from "../../components/States";
import { formatDateTime } from "../../format";
import { href, navigate } from "../../router";
import { audienceText, triggerText } from "./describe";
import { JourneyDeliveries } from "./JourneyDeliveries";
import { JourneyForm } from "./JourneyForm";

type Payload = { errors: FieldError[]; journey: Journey | null };

/** One journey: pause or resume it, edit it, delete it, and see what it sent. */
export function JourneyDetail({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useQuery<{ loyaltyJourney: Journey | null }>(JOURNEY, { id }, { refreshKey: version });
  const journey = data?.loyaltyJourney;
  return (
    <Box display="flex" flexDirection="column" gap={5}>
      <a href={href("journeys")} className="back">← Journeys</a>
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !journey && <Notice tone="warning" title="Not found">No journey has this ID.</Notice>}
      {journey && (
        <>
          <Status journey={journey} onChanged={() => setVersion((v) => v + 1)} />
          <JourneyForm key={`${journey.id}-${version}`} journey={journey} onSaved={() => setVersion((v) => v + 1)} />
          <JourneyDeliveries id={journey.id} />
        </>
      )}
    </Box>
  );
}

function Status({ journey, onChanged }: { journey: Journey; onChanged: () => void }) {
  const [update, updateState] = useMutation<Payload>(JOURNEY_UPDATE, "loyaltyJourneyUpdate");
  const [remove, removeState] = useMutation<Payload>(JOURNEY_DELETE, "loyaltyJourneyDelete");

  async function toggle() {
    const input = journeyInput({ ...journeyDraft(journey), active: !journey.active });
    if (await update({ id: journey.id, input })) onChanged();
  }

  async function destroy() {
    const question = `Delete the journey "${journey.name}" and its record of what it sent? ` +
      "To stop it and keep the record, pause it instead.";
    if (!window.confirm(question)) return;
    if (await remove({ id: journey.id })) navigate("journeys");
  }

  return (
    <Card title={journey.name} testId="journey-status" actions={
      <Box display="flex" gap={2}>
        <Button variant="secondary" onClick={toggle} disabled={updateState.running} data-testid="journey-toggle">
          {journey.active ? "Pause" : "Resume"}
        </Button>
        <Button variant="error" onClick={destroy} disabled={removeState.running} data-testid="journey-delete">
          Delete
        </Button>
      </Box>
    }>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="journey-active" data-value={String(journey.active)}>{journey.active ? "Active" : "Paused"}</dd>
        <dt>Trigger</dt><dd>{triggerText(journey)}</dd>
        <dt>Members</dt><dd>{audienceText(journey)}</dd>
        <dt>Acts on occasions from</dt><dd>{formatDateTime(journey.startsAt)}</dd>
      </dl>
      {!journey.active && (
        <Text size={2} color="default2">While paused, nothing is sent; resuming skips what fell due meanwhile.</Text>
      )}
      <ErrorList errors={[...updateState.errors, ...removeState.errors]} />
    </Card>
  );
}
