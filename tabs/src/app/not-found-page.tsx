import { Body1, Title2 } from '@fluentui/react-components';
import { RouterLink } from '../components/router-link';

/** A path the tab does not know, e.g. an old bookmark. */
export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found-title">
      <Title2 as="h1" id="not-found-title">
        This page does not exist
      </Title2>
      <Body1 as="p">
        The link may be old. <RouterLink to="/">Go to the dashboard</RouterLink>.
      </Body1>
    </section>
  );
}
