// Icons of the feed: one per reaction type, and the post actions (decorative:
// callers provide the accessible text). Line icons like those in Icons.tsx;
// each reaction has its colour through `reaction-icon--<type>` in styles.css.
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

function base(props: IconProps) {
  return {
    width: 20,
    height: 20,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.8,
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
    'aria-hidden': true,
    focusable: false,
    ...props,
  };
}

const REACTION_PATHS: Record<string, ReactNode> = {
  like: (
    <>
      <path d="M7 10v10H3.5V10H7Z" />
      <path d="m7 10 4-6.5a1.8 1.8 0 0 1 3.2 1.6L13 10h6a2 2 0 0 1 2 2.3l-1.3 6.3A2 2 0 0 1 17.7 20H7" />
    </>
  ),
  celebrate: (
    <>
      <path d="m4 20 4.5-11 6.5 6.5L4 20Z" />
      <path d="M14 4v2M19 9h2M17.5 5.5 16 7M12.5 9.5c1-2 1-3.5 0-5M14.5 11.5c2-1 3.5-1 5 0" />
    </>
  ),
  support: (
    <>
      <path d="M12 11.5s-4-2.4-4-5.2A2.2 2.2 0 0 1 12 5a2.2 2.2 0 0 1 4 1.3c0 2.8-4 5.2-4 5.2Z" />
      <path d="M3 15h3l3.5 2H14a1.5 1.5 0 0 0 0-3h-3M14 15.5l4.6-2.2a1.6 1.6 0 0 1 1.9 2.5L15 20H9l-3-1.5H3" />
    </>
  ),
  insightful: (
    <>
      <path d="M9.5 18h5M10.5 21h3" />
      <path d="M12 3a6 6 0 0 0-3.6 10.8c.7.5 1.1 1.3 1.1 2.1V16h5v-.1c0-.8.4-1.6 1.1-2.1A6 6 0 0 0 12 3Z" />
    </>
  ),
  funny: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M8 13.5s1.3 3 4 3 4-3 4-3H8ZM9 9.5h.01M15 9.5h.01" />
    </>
  ),
  love: <path d="M12 20s-8-4.6-8-10.2A4.4 4.4 0 0 1 12 7.2a4.4 4.4 0 0 1 8 2.6C20 15.4 12 20 12 20Z" />,
};

export function ReactionIcon({ type, ...props }: IconProps & { type: string }) {
  return (
    <svg {...base(props)} className={`reaction-icon reaction-icon--${type}`}>
      {REACTION_PATHS[type] ?? <circle cx="12" cy="12" r="4" />}
    </svg>
  );
}

export function CommentIcon(props: IconProps) {
  return (
    <svg {...base(props)}>
      <path d="M4 5.5h16v10.5H10l-5 4v-4H4V5.5Z" />
    </svg>
  );
}

export function ReshareIcon(props: IconProps) {
  return (
    <svg {...base(props)}>
      <path d="m16.5 3 3 3-3 3M4.5 11V9.5A3.5 3.5 0 0 1 8 6h11.5M7.5 21l-3-3 3-3M19.5 13v1.5A3.5 3.5 0 0 1 16 18H4.5" />
    </svg>
  );
}

export function ChartIcon(props: IconProps) {
  return (
    <svg {...base(props)}>
      <path d="M3.5 20.5h17M6.5 17v-5M11 17V7M15.5 17v-7M20 17V4" />
    </svg>
  );
}
