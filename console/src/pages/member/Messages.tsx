import { Text } from "@saleor/macaw-ui";

import { useQuery } from "../../api/hooks";
import { Card } from "../../components/Card";
import { Delivery, DELIVERY_FIELDS, DeliveryTable } from "../../components/Deliveries";
import { ErrorNotice, Loading } from "../../components/States";

const MESSAGES = `
  query ConsoleMemberMessages($id: ID!) {
    loyaltyMember(id: $id) {
      id emailNotifications smsNotifications pushNotifications
      deliveries(first: 10) { totalCount edges { node { ${DELIVERY_FIELDS} } } }
    }
  }
`;

interface MemberMessages {
  emailNotifications: boolean;
  smsNotifications: boolean;
  pushNotifications: boolean;
  deliveries: { totalCount: number; edges: { node: Delivery }[] };
}

const yesNo = (allowed: boolean) => (allowed ? "Yes" : "No");

/** What the member allows to be sent (their own choice, read-only here) and their latest messages. */
export function Messages({ id }: { id: string }) {
  const { data, error, loading } = useQuery<{ loyaltyMember: MemberMessages | null }>(MESSAGES, { id });
  const member = data?.loyaltyMember;
  return (
    <Card title="Messages" testId="member-messages">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {member && (
        <>
          <dl className="facts" data-testid="member-channels">
            <dt>E-mail</dt><dd data-channel="email" data-value={String(member.emailNotifications)}>{yesNo(member.emailNotifications)}</dd>
            <dt>SMS</dt><dd data-channel="sms" data-value={String(member.smsNotifications)}>{yesNo(member.smsNotifications)}</dd>
            <dt>Push</dt><dd data-channel="push" data-value={String(member.pushNotifications)}>{yesNo(member.pushNotifications)}</dd>
          </dl>
          <Text size={2} color="default2">
            {"The member chooses their channels in the shop; journeys send only on the channels they allow. " +
              (member.deliveries.totalCount > member.deliveries.edges.length
                ? `The latest ${member.deliveries.edges.length} of ${member.deliveries.totalCount} messages:` : "")}
          </Text>
          <DeliveryTable rows={member.deliveries.edges.map((edge) => edge.node)} showJourney
            empty="No message was sent to this member yet." />
        </>
      )}
    </Card>
  );
}
