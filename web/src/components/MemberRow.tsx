// A member in a list (connections, invitations, suggestions, introductions):
// avatar, linked name with degree badge, headline, extra content and actions.
import type { ReactNode } from 'react';
import type { Degree, MemberCard } from '../api';
import { degreeLabel } from '../network';
import { Link } from '../router';
import { fullName } from '../util';
import { Avatar } from './Avatar';

export function profilePath(handle: string): string {
  return `/in/${encodeURIComponent(handle)}`;
}

/** "· 2nd" next to a name; nothing for yourself or beyond 3rd degree. */
export function DegreeBadge({ degree, testId }: { degree: Degree | undefined; testId?: string }) {
  const label = degreeLabel(degree);
  if (!label) return null;
  return (
    <span className="degree-badge">
      <span className="visually-hidden">, {label}-degree connection</span>
      <span aria-hidden="true">· </span>
      <span aria-hidden="true" data-testid={testId}>
        {label}
      </span>
    </span>
  );
}

/** A linked member name. */
export function MemberLink({ member, testId }: { member: MemberCard; testId?: string }) {
  return (
    <Link to={profilePath(member.handle)} data-testid={testId} data-handle={member.handle}>
      {fullName(member)}
    </Link>
  );
}

export function MemberRow({
  member,
  testId,
  children,
  actions,
  as: Tag = 'li',
}: {
  member: MemberCard;
  testId?: string;
  children?: ReactNode;
  actions?: ReactNode;
  as?: 'li' | 'div';
}) {
  return (
    <Tag className="member-row" data-testid={testId} data-handle={member.handle}>
      <Link to={profilePath(member.handle)} className="member-row__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar member={member} size="md" />
      </Link>
      <div className="member-row__body">
        <div className="member-row__name">
          <MemberLink member={member} testId={testId ? `${testId}-name` : undefined} />{' '}
          <DegreeBadge degree={member.degree} />
        </div>
        {member.headline && <div className="member-row__headline">{member.headline}</div>}
        {children}
      </div>
      {actions && <div className="member-row__actions">{actions}</div>}
    </Tag>
  );
}
