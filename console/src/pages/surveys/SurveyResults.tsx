import { Text } from "@saleor/macaw-ui";

import { formatScore, Survey, SurveyResults } from "../../api/surveys";
import { BarChart } from "../../components/charts/BarChart";
import { Card } from "../../components/Card";
import { Kpi } from "../../components/Kpi";
import { Pager, useCursorPages } from "../../components/Pagination";
import { Empty, Notice } from "../../components/States";
import { Table } from "../../components/Table";
import { formatDateTime, formatNumber } from "../../format";

/** A survey's results: its figures, answers per score, per product, and the comments. */
export function SurveyResultsCards({ survey, results, comments, pageSize }: {
  survey: Survey;
  results: SurveyResults | null;
  comments: ReturnType<typeof useCursorPages>;
  pageSize: number;
}) {
  if (!results) return <Notice tone="warning" title="No results">The API gave no results for this survey.</Notice>;
  const rows = results.comments.edges.map((edge) => edge.node);
  return (
    <>
      <Text as="h2" size={6} fontWeight="bold" data-testid="survey-title">{survey.name}</Text>
      <Text color="default2">{survey.question}</Text>
      <div className="kpi-grid" data-testid="survey-results">
        <Kpi id="survey-answers" label="Answers" display={formatNumber(results.answers)} value={results.answers} />
        <Kpi id="survey-average" label="Average score (1-5)" display={formatScore(results.averageScore)}
          value={results.averageScore} />
        <Kpi id="survey-comments" label="Comments" display={formatNumber(results.comments.totalCount)}
          value={results.comments.totalCount} />
      </div>
      <div className="chart-grid">
        <Card title="Answers per score" testId="survey-distribution">
          <BarChart title="Answers per score" labels={results.distribution.map((d) => String(d.score))}
            series={[{ name: "Answers", values: results.distribution.map((d) => d.count) }]} />
        </Card>
        <Card title="Per product" testId="survey-products">
          {results.products.length ? (
            <Table rows={results.products} rowKey={(row) => row.product?.id ?? `deleted-${row.answers}-${row.averageScore}`}
              columns={[
                { header: "Product", cell: (row) => row.product?.name ?? "(deleted product)" },
                { header: "Average", cell: (row) => formatScore(row.averageScore), align: "right" },
                { header: "Answers", cell: (row) => formatNumber(row.answers), align: "right" },
              ]} />
          ) : <Empty>No answer is about an order yet.</Empty>}
        </Card>
      </div>
      <Card title="Comments" testId="survey-comment-list">
        {rows.length ? (
          <>
            <Table rows={rows} rowKey={(row) => row.id} columns={[
              { header: "Date", cell: (row) => formatDateTime(row.createdAt) },
              { header: "Score", cell: (row) => row.score, align: "right" },
              { header: "Comment", cell: (row) => <span className="wrap">{row.comment}</span> },
            ]} />
            <Pager pages={comments} pageInfo={results.comments.pageInfo} totalCount={results.comments.totalCount}
              pageSize={pageSize} />
          </>
        ) : <Empty>No comments yet.</Empty>}
      </Card>
    </>
  );
}
