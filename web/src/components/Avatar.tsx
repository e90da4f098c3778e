import type { Member } from '../api';
import { initials } from '../util';

// Until members can upload photos, an avatar is their initials on a colour
// derived from their handle (stable across visits).
const HUES = [168, 200, 222, 262, 18, 340, 140, 32];

function hueFor(handle: string): number {
  let h = 0;
  for (let i = 0; i < handle.length; i++) h = (h * 31 + handle.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length];
}

export function Avatar({
  member,
  size = 'md',
}: {
  member: Pick<Member, 'first_name' | 'last_name' | 'handle'>;
  size?: 'sm' | 'md' | 'lg' | 'xl';
}) {
  return (
    <span
      className={`avatar avatar--${size}`}
      style={{ backgroundColor: `hsl(${hueFor(member.handle)} 45% 32%)` }}
      aria-hidden="true"
    >
      {initials(member)}
    </span>
  );
}
