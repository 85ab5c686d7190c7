/**
 * Where money is shown: Saleor 3 sells in channels, each in its currency, and prices are read
 * in one channel; Saleor 2.10 sells in the program's one currency and has no channels.
 */
import { useState } from "react";

import { Choice } from "../components/Fields";
import { GENERATION } from "../config";
import { useQuery } from "./hooks";

export interface Channel {
  slug: string;
  name: string;
  currencyCode: string;
}

const CHANNELS = `query ConsoleChannels { channels { slug name currencyCode } }`;

export interface ChannelChoice {
  /** The shop's channels (none on Saleor 2.10). */
  channels: Channel[];
  /** The chosen channel's slug, for queries taking a `channel` (null on Saleor 2.10). */
  channel: string | null;
  /** The currency money is shown in: the chosen channel's, or the program's. */
  currency: string;
  choose: (slug: string) => void;
  choices: Choice[];
}

/** The shop's channels: none on Saleor 2.10 (nor while they load). */
export function useChannels(): Channel[] {
  const { data } = useQuery<{ channels: Channel[] | null }>(CHANNELS, {}, { skip: GENERATION !== "saleor3" });
  return data?.channels ?? [];
}

/** The channel money is shown for: the first one selling in `programCurrency` until staff pick another. */
export function useChannelChoice(programCurrency: string): ChannelChoice {
  const channels = useChannels();
  const [picked, choose] = useState<string | null>(null);
  const chosen = channels.find((c) => c.slug === picked)
    ?? channels.find((c) => c.currencyCode === programCurrency) ?? channels[0];
  return {
    channels,
    channel: chosen?.slug ?? null,
    currency: chosen?.currencyCode ?? programCurrency,
    choose,
    choices: channels.map((c) => ({ value: c.slug, label: `${c.name} (${c.currencyCode})` })),
  };
}
