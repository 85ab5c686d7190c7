/** Saleor permissions the console's pages need, as `me { permissions { code } }` lists them. */
export type Permission = "MANAGE_USERS" | "MANAGE_PRODUCTS" | "MANAGE_DISCOUNTS" | "MANAGE_ORDERS";

export const PERMISSION_NAMES: Record<Permission, string> = {
  MANAGE_USERS: "Manage customers (MANAGE_USERS)",
  MANAGE_PRODUCTS: "Manage products (MANAGE_PRODUCTS)",
  MANAGE_DISCOUNTS: "Manage discounts (MANAGE_DISCOUNTS)",
  MANAGE_ORDERS: "Manage orders (MANAGE_ORDERS)",
};

export interface Viewer {
  email: string;
  isStaff: boolean;
  permissions: Set<string>;
}

/** The permissions of `anyOf` the viewer lacks; empty when they hold at least one. */
export function missing(viewer: Viewer, anyOf: Permission[]): Permission[] {
  return anyOf.some((code) => viewer.permissions.has(code)) ? [] : anyOf;
}
