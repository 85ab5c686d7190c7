import { createContext, useContext, useMemo } from "react";

import { useQuery } from "./api/hooks";
import { Session } from "./auth/session";
import { Viewer } from "./permissions";

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in staff user; only used below the sign-in gate, where there always is one. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer outside the signed-in console");
  return viewer;
}

const ME = `
  query ConsoleViewer {
    me { email isStaff userPermissions { code } }
  }
`;

interface Me {
  me: { email: string; isStaff: boolean; userPermissions: { code: string }[] } | null;
}

/** Who the session's token belongs to, with the permissions it carries (asked again for each token). */
export function useSessionViewer(session: Session | null) {
  const me = useQuery<Me>(ME, {}, { skip: !session, refreshKey: session?.token });
  const viewer = useMemo<Viewer | null>(() => {
    const user = me.data?.me;
    return user ? { email: user.email, isStaff: user.isStaff, permissions: new Set(user.userPermissions.map((p) => p.code)) } : null;
  }, [me.data]);
  return { viewer, loading: me.loading, error: me.error };
}
