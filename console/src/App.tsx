import { useEffect, useState } from "react";

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
import { usePath } from "./router";
import { useSessionViewer, ViewerContext } from "./viewer";

export function useSession() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => subscribe(() => setSession(currentSession())), []);
  return session;
}

export function App() {
  const session = useSession();
  const [notice, setNotice] = useState<string>();
  const me = useSessionViewer(session);
  const viewer = me.viewer;

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

/** The program's pages, each a section of the console (standalone, or the Dashboard's app page). */
export function Pages() {
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
