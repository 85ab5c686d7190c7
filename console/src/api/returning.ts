/** Returning-customer insight: what first-time and repeat buyers buy, and when they order. */
import { Money } from "../format";

const ITEM = "name quantity orders revenue { amount currency }";

export const RETURNING_CUSTOMERS = `
  query ConsoleReturningCustomers($period: LoyaltyStatsPeriodInput, $first: Int) {
    loyaltyReturningCustomers(period: $period, first: $first) {
      timeZone firstOrders repeatOrders
      topProducts { firstTime { product { id } ${ITEM} } repeat { product { id } ${ITEM} } }
      topCategories { firstTime { category { id } ${ITEM} } repeat { category { id } ${ITEM} } }
      ordersByWeekday { weekday firstTime repeat }
      ordersByHour { hour firstTime repeat }
    }
  }
`;

export interface RankedItem {
  name: string;
  quantity: number;
  orders: number;
  revenue: Money;
}

export interface Ranking {
  firstTime: RankedItem[];
  repeat: RankedItem[];
}

export interface ReturningCustomers {
  timeZone: string;
  firstOrders: number;
  repeatOrders: number;
  topProducts: Ranking;
  topCategories: Ranking;
  ordersByWeekday: { weekday: string; firstTime: number; repeat: number }[];
  ordersByHour: { hour: number; firstTime: number; repeat: number }[];
}
