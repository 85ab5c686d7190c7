import { ChannelChoice } from "../api/channels";
import { SelectField } from "./Fields";

/** Which channel's money the page shows, when the shop sells in more than one channel. */
export function ChannelField({ channel }: { channel: ChannelChoice }) {
  if (channel.channels.length < 2) return null;
  return <SelectField label="Channel" name="channel" value={channel.channel ?? ""} onChange={channel.choose}
    choices={channel.choices} />;
}
