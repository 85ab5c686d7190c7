import { AppBridgeProvider, ThemeType, useWidgetAutoResize } from "@saleor/app-sdk/app-bridge";
import { useTheme } from "@saleor/macaw-ui";
import { ReactNode, useEffect, useRef, useState } from "react";

import { Pages, useSession } from "../App";
import { ErrorNotice, Loading, Notice } from "../components/States";
import { Permission, PERMISSION_NAMES } from "../permissions";
import { useSessionViewer, ViewerContext } from "../viewer";
import { connect, Connection, param } from "./bridge";
import { CustomerCard } from "./CustomerCard";
import { HomeWidget } from "./HomeWidget";
import { OrderCard } from "./OrderCard";

type Page = "program" | "customer" | "order" | "home";

/** What each page needs, as its extension is registered (saleor_loyalty/console/extensions.py). */
const NEEDS: Record<Page, Permission[]> = {
  program: ["MANAGE_USERS"],
  customer: ["MANAGE_USERS"],
  order: ["MANAGE_USERS", "MANAGE_ORDERS"],
  home: ["MANAGE_USERS"],
};

function currentPage(): Page {
  const name = window.location.pathname.replace(/\/+$/, "").split("/").pop();
  return name === "customer" || name === "order" || name === "home" ? name : "program";
}

/** The console's page inside the Dashboard: the app page (the program) or a card. */
export function DashboardApp() {
  const page = currentPage();
  const { setTheme } = useTheme();
  const [connection, setConnection] = useState<Connection>("waiting");
  const [bridge] = useState(() => {
    const showTheme = (theme: ThemeType) => {
      document.documentElement.dataset.theme = theme;
      setTheme(theme === "dark" ? "defaultDark" : "defaultLight");
    };
    showTheme(param("theme") === "dark" ? "dark" : "light");
    return connect({ connection: setConnection, theme: showTheme });
  });
  useEffect(() => {
    if (page !== "program") document.body.classList.add("dashboard-widget");
  }, [page]);

  return (
    <AppBridgeProvider appBridgeInstance={bridge}>
      {page === "program" ? (
        <Connected page={page} connection={connection} />
      ) : (
        <Widget>
          <Connected page={page} connection={connection} />
        </Widget>
      )}
    </AppBridgeProvider>
  );
}

/** A card grows and shrinks with its content: the Dashboard sizes its iframe to what the page reports. */
function Widget({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useWidgetAutoResize(root);
  return <div ref={root} className="widget" data-testid="dashboard-widget">{children}</div>;
}

function Connected({ page, connection }: { page: Page; connection: Connection }) {
  const session = useSession();
  const me = useSessionViewer(connection === "connected" ? session : null);
  if (connection === "outside") {
    return (
      <Notice tone="warning" title="Open this page in the Saleor Dashboard" testId="outside-dashboard">
        It takes the signed-in staff user from the Dashboard. Outside it, use the loyalty console at /loyalty/.
      </Notice>
    );
  }
  if (connection === "refused") return <Refused needs={NEEDS[page]} />;
  if (connection === "waiting") return <Loading label="Connecting to the Saleor Dashboard…" />;
  if (!session) {
    return <Notice tone="warning" title="The Dashboard's sign-in has ended">Reload the page to go on.</Notice>;
  }
  if (me.error) return <ErrorNotice error={me.error} />;
  if (!me.viewer) return <Loading label="Connecting to the Saleor Dashboard…" />;
  return (
    <ViewerContext.Provider value={me.viewer}>
      {page === "program" && <Pages />}
      {page === "customer" && <CustomerCard userId={param("customerId") ?? ""} />}
      {page === "order" && <OrderCard orderId={param("orderId") ?? ""} />}
      {page === "home" && <HomeWidget />}
    </ViewerContext.Provider>
  );
}

/** The Dashboard gave no token: the staff user lacks the extension's permissions. */
function Refused({ needs }: { needs: Permission[] }) {
  return (
    <Notice tone="warning" title="Permission needed" testId="permission-missing">
      {`Loyalty here needs ${needs.map((p) => PERMISSION_NAMES[p]).join(" and ")}. ` +
        `Ask a shop owner to add ${needs.length > 1 ? "them" : "it"} to your staff account.`}
    </Notice>
  );
}
