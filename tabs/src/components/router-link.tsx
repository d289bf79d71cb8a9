import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useLinkClickHandler } from 'react-router';

/** A Fluent link that navigates within the tab (a real `href`, so it opens in a new tab too). */
export function RouterLink(props: { to: string; children: ReactNode; 'aria-label'?: string }) {
  const href = useHref(props.to);
  const onClick = useLinkClickHandler(props.to);
  return (
    <Link
      href={href}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => onClick(event)}
      {...(props['aria-label'] === undefined ? {} : { 'aria-label': props['aria-label'] })}
    >
      {props.children}
    </Link>
  );
}
