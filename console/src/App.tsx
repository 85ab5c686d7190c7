import { useEffect, useMemo, useState } from "react";

import { useQuery } from "./api/hooks";
import { currentSession, signOut, subscribe } from "./auth/session";
import { Layout } from "./components/Layout";
import { ErrorNotice, Loading } from "./components/States";
import { Audiences } from "./pages/Audiences";
import { Campaigns } from "./pages/Campaigns";
import { MemberDetail } from "./pages/MemberDetail";
import { MemberOnlyProducts } from "./pages/MemberOnlyProducts";
import { Journeys } from "./pages/Journeys";
import { Members } from "./pages/Members";
import { Overview } from "./pages/Overview";
import { PointsMall } from "./pages/PointsMall";
import { ReturningCustomers } from "./pages/ReturningCustomers";
import { Segments } from "./pages/Segments";
import { Surveys } from "./pages/Surveys";
import { CUSTOMER_REFUSED, SignIn } from "./pages/SignIn";
import { Tiers } from "./pages/Tiers";
import { Viewer } from "./permissions";
import { usePath } from "./router";
import { ViewerContext } from "./viewer";

const ME = `
  query ConsoleViewer {
    me { email isStaff userPermissions { code } }
  }
`;

interface Me {
  me: { email: string; isStaff: boolean; userPermissions: { code: string }[] } | null;
}

function useSession() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => subscribe(() => setSession(currentSession())), []);
  return session;
}

export function App() {
  const session = useSession();
  const [notice, setNotice] = useState<string>();
  const me = useQuery<Me>(ME, {}, { skip: !session, refreshKey: session?.token });
  const viewer = useMemo<Viewer | null>(() => {
    const user = me.data?.me;
    return user ? { email: user.email, isStaff: user.isStaff, permissions: new Set(user.userPermissions.map((p) => p.code)) } : null;
  }, [me.data]);

  useEffect(() => {
    if (!session || me.loading || me.error) return;
    if (!viewer) {
      setNotice("Your session has ended. Please sign in again.");
      signOut();
    } else if (!viewer.isStaff) {
      setNotice(CUSTOMER_REFUSED);
      signOut();
    }
  }, [session, viewer, me.loading, me.error]);

  if (!session) return <SignIn notice={notice} />;
  if (me.error) return <ErrorNotice error={me.error} />;
  if (!viewer?.isStaff) return <Loading label="Signing in…" />;
  return (
    <ViewerContext.Provider value={viewer}>
      <Pages />
    </ViewerContext.Provider>
  );
}

function Pages() {
  const [section = "overview", id] = usePath();
  return (
    <Layout section={section}>
      {section === "members" && id ? <MemberDetail id={id} /> : <SectionPage section={section} id={id} />}
    </Layout>
  );
}

function SectionPage({ section, id }: { section: string; id?: string }) {
  switch (section) {
    case "members":
      return <Members />;
    case "tiers":
      return <Tiers />;
    case "member-only":
      return <MemberOnlyProducts />;
    case "rewards":
      return <PointsMall />;
    case "campaigns":
      return <Campaigns id={id} />;
    case "segments":
      return <Segments />;
    case "audiences":
      return <Audiences />;
    case "returning":
      return <ReturningCustomers />;
    case "journeys":
      return <Journeys id={id} />;
    case "surveys":
      return <Surveys id={id} />;
    default:
      return <Overview />;
  }
}
