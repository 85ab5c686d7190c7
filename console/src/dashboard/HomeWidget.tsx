import { useQuery } from "../api/hooks";
import { Kpi } from "../components/Kpi";
import { ErrorNotice, Loading } from "../components/States";
import { formatMoney, formatNumber, formatPercent, Money } from "../format";

const STATS = `
  query DashboardHomeStats {
    loyaltyStats { members userRepurchaseRate outstandingLiability { amount currency } }
  }
`;

interface Stats {
  loyaltyStats: { members: number; userRepurchaseRate: number; outstandingLiability: Money };
}

/** The home-page widget: the program at a glance (all time). */
export function HomeWidget() {
  const { data, error, loading } = useQuery<Stats>(STATS);
  if (loading) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const stats = data!.loyaltyStats;
  return (
    <div className="figures">
        <Kpi id="members" label="Members" display={formatNumber(stats.members)} value={stats.members} />
        <Kpi id="liability" label="Points liability" display={formatMoney(stats.outstandingLiability)}
          value={stats.outstandingLiability.amount} />
        <Kpi id="repurchase" label="Repurchase rate" display={formatPercent(stats.userRepurchaseRate)}
          value={stats.userRepurchaseRate} />
    </div>
  );
}
