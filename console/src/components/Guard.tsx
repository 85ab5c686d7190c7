import { ReactNode } from "react";

import { missing, Permission } from "../permissions";
import { useViewer } from "../viewer";
import { PermissionNotice } from "./States";

/** Children only for staff holding one of `anyOf`; otherwise say which permission is missing. */
export function RequirePermission({ anyOf, what, children }: {
  anyOf: Permission[];
  what: string;
  children: ReactNode;
}) {
  const lacking = missing(useViewer(), anyOf);
  return lacking.length ? <PermissionNotice permissions={lacking} what={what} /> : <>{children}</>;
}
