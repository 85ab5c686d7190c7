import { Button } from "@saleor/macaw-ui";

import { Page } from "../components/Page";
import { navigate } from "../router";
import { JourneyDetail } from "./journeys/JourneyDetail";
import { JourneyForm } from "./journeys/JourneyForm";
import { JourneyList } from "./journeys/JourneyList";

/** #/journeys (the list), #/journeys/new (a new journey), #/journeys/<id> (one journey). */
export function Journeys({ id }: { id?: string }) {
  const header = id ? undefined : (
    <Button variant="primary" onClick={() => navigate("journeys", "new")} data-testid="new-journey-button">
      New journey
    </Button>
  );
  return (
    <Page title={id === "new" ? "New journey" : "Journeys"} header={header} anyOf={["MANAGE_USERS", "MANAGE_DISCOUNTS"]}
      what="see and edit member journeys">
      {!id && <JourneyList />}
      {id === "new" && <JourneyForm onSaved={(journey) => navigate("journeys", journey.id)} />}
      {id && id !== "new" && <JourneyDetail id={id} />}
    </Page>
  );
}
