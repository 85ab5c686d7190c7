import { Text } from "@saleor/macaw-ui";

import { useQuery } from "../../api/hooks";
import { Card } from "../../components/Card";
import { Delivery, DELIVERY_FIELDS, DeliveryTable } from "../../components/Deliveries";
import { RequirePermission } from "../../components/Guard";
import { ErrorNotice, Loading } from "../../components/States";

const DELIVERIES = `
  query ConsoleJourneyDeliveries($id: ID!) {
    loyaltyJourney(id: $id) { id deliveries(first: 20) { totalCount edges { node { ${DELIVERY_FIELDS} } } } }
  }
`;

/** The journey's latest messages; the API shows them to staff managing customers only. */
export function JourneyDeliveries({ id }: { id: string }) {
  return (
    <Card title="Latest messages" testId="journey-deliveries">
      <RequirePermission anyOf={["MANAGE_USERS"]} what="see the messages a journey sent to members">
        <Messages id={id} />
      </RequirePermission>
    </Card>
  );
}

function Messages({ id }: { id: string }) {
  const { data, error, loading } = useQuery<{
    loyaltyJourney: { deliveries: { totalCount: number; edges: { node: Delivery }[] } } | null;
  }>(DELIVERIES, { id });
  if (loading) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const deliveries = data?.loyaltyJourney?.deliveries;
  const rows = deliveries?.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      {deliveries && rows.length > 0 && (
        <Text size={2} color="default2">{`The latest ${rows.length} of ${deliveries.totalCount} messages.`}</Text>
      )}
      <DeliveryTable rows={rows} empty="This journey has sent no message yet." />
    </>
  );
}
