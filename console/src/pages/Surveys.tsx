import { useState } from "react";

import { useQuery } from "../api/hooks";
import { formatScore, Survey, SURVEY_RESULTS, SurveyConnection, SurveyResults, SURVEYS } from "../api/surveys";
import { Card } from "../components/Card";
import { Page } from "../components/Page";
import { Pager, useCursorPages } from "../components/Pagination";
import { Empty, ErrorNotice, Loading, Notice } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatNumber } from "../format";
import { href, navigate } from "../router";
import { SurveyForm } from "./surveys/SurveyForm";
import { SurveyResultsCards } from "./surveys/SurveyResults";

const PAGE_SIZE = 20;

/** #/surveys (the list and a new survey), #/surveys/<id> (a survey's settings and results). */
export function Surveys({ id }: { id?: string }) {
  return (
    <Page title="Surveys" anyOf={["MANAGE_USERS", "MANAGE_DISCOUNTS"]} what="see surveys and their results">
      {id ? <SurveyDetail id={id} /> : (
        <>
          <SurveyList />
          <SurveyForm onSaved={(survey) => navigate("surveys", survey.id)} />
        </>
      )}
    </Page>
  );
}

function SurveyList() {
  const pages = useCursorPages();
  const { data, error, loading } = useQuery<{ loyaltySurveys: SurveyConnection }>(SURVEYS,
    { first: PAGE_SIZE, after: pages.after });
  const rows = data?.loyaltySurveys.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Satisfaction surveys" testId="surveys">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !rows.length && <Empty>No surveys yet.</Empty>}
      {rows.length > 0 && (
        <>
          <Table rows={rows} rowKey={(row) => row.id} onRowClick={(row) => navigate("surveys", row.id)} columns={[
            { header: "Name", cell: (row) => <span data-testid="survey-name">{row.name}</span> },
            { header: "Question", cell: (row) => row.question },
            { header: "Points", cell: (row) => formatNumber(row.points), align: "right" },
            { header: "Open", cell: (row) => (row.active ? "Yes" : "Closed") },
            { header: "Answers", cell: (row) => formatNumber(row.results?.answers), align: "right" },
            { header: "Average", cell: (row) => formatScore(row.results?.averageScore), align: "right" },
            { header: "Created", cell: (row) => formatDate(row.createdAt) },
          ]} />
          <Pager pages={pages} pageInfo={data!.loyaltySurveys.pageInfo} totalCount={data!.loyaltySurveys.totalCount}
            pageSize={PAGE_SIZE} />
        </>
      )}
    </Card>
  );
}

const COMMENTS_PAGE = 10;

function SurveyDetail({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const comments = useCursorPages();
  const { data, error, loading } = useQuery<{ loyaltySurvey: (Survey & { results: SurveyResults | null }) | null }>(
    SURVEY_RESULTS, { id, first: COMMENTS_PAGE, after: comments.after }, { refreshKey: version });
  const survey = data?.loyaltySurvey;
  return (
    <>
      <a href={href("surveys")} className="back">← Surveys</a>
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !survey && <Notice tone="warning" title="Not found">No survey has this ID.</Notice>}
      {survey && (
        <>
          <SurveyResultsCards survey={survey} results={survey.results} comments={comments} pageSize={COMMENTS_PAGE} />
          <SurveyForm key={`${survey.id}-${version}`} survey={survey} onSaved={() => setVersion((v) => v + 1)} />
        </>
      )}
    </>
  );
}
