/** Satisfaction surveys and their results, as staff read and edit them. */
import { Choice } from "../components/Fields";
import { useQuery } from "./hooks";
import { PageInfo } from "../components/Pagination";

const SURVEY_FIELDS = "id name question points active createdAt";

export const SURVEYS = `
  query ConsoleSurveys($first: Int, $after: String) {
    loyaltySurveys(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${SURVEY_FIELDS} results { averageScore answers } } }
    }
  }
`;

export const SURVEY_RESULTS = `
  query ConsoleSurveyResults($id: ID!, $first: Int, $after: String) {
    loyaltySurvey(id: $id) {
      ${SURVEY_FIELDS}
      results {
        averageScore answers
        distribution { score count }
        products(first: 50) { product { id name } averageScore answers }
        comments(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id score comment createdAt } }
        }
      }
    }
  }
`;

const PAYLOAD = `survey { ${SURVEY_FIELDS} } errors { field code message }`;
export const SURVEY_CREATE = `
  mutation ConsoleSurveyCreate($input: LoyaltySurveyInput!) { loyaltySurveyCreate(input: $input) { ${PAYLOAD} } }
`;
export const SURVEY_UPDATE = `
  mutation ConsoleSurveyUpdate($id: ID!, $input: LoyaltySurveyInput!) {
    loyaltySurveyUpdate(id: $id, input: $input) { ${PAYLOAD} }
  }
`;

export interface Survey {
  id: string;
  name: string;
  question: string;
  points: number;
  active: boolean;
  createdAt: string;
}

export interface SurveyListItem extends Survey {
  results: { averageScore: number | null; answers: number } | null;
}

export interface SurveyComment {
  id: string;
  score: number;
  comment: string;
  createdAt: string;
}

export interface SurveyResults {
  averageScore: number | null;
  answers: number;
  distribution: { score: number; count: number }[];
  products: { product: { id: string; name: string } | null; averageScore: number; answers: number }[];
  comments: { totalCount: number; pageInfo: PageInfo; edges: { node: SurveyComment }[] };
}

export interface SurveyConnection {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { node: SurveyListItem }[];
}

const SURVEY_CHOICES = `query ConsoleSurveyChoices { loyaltySurveys(first: 100) { edges { node { id name active } } } }`;

/** The surveys a journey step may link to, as choices (the first: none). */
export function useSurveyChoices(): Choice[] {
  const { data } = useQuery<{ loyaltySurveys: { edges: { node: { id: string; name: string; active: boolean } }[] } }>(
    SURVEY_CHOICES);
  const surveys = data?.loyaltySurveys.edges.map((edge) => edge.node) ?? [];
  return [{ value: "", label: "No survey" },
    ...surveys.map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} (closed)` }))];
}

export function formatScore(score: number | null | undefined): string {
  return score == null ? "–" : score.toFixed(2);
}
