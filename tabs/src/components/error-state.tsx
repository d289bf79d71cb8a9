import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { ApiError } from '../api/client';

/** What to tell an admin about a failed request, and what they can do next. */
export function describeError(error: unknown): { title: string; next: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.status === 0) {
      return {
        title: 'Roster is unreachable',
        message,
        next: 'Check your connection and try again.',
      };
    }
    if (error.status === 401) {
      return { title: 'Your sign-in expired', message, next: 'Reload the page to sign in again.' };
    }
    if (error.status === 403) {
      return {
        title: 'Not allowed',
        message,
        next: 'Ask a Global, Application or Cloud Application Administrator.',
      };
    }
    if (error.code === 'tenant_not_linked') {
      return {
        title: 'Your tenant is not linked',
        message,
        next: 'Link it under Preferences › Integration.',
      };
    }
    if (error.status === 429) {
      return { title: 'Too many requests', message, next: 'Wait a moment and try again.' };
    }
  }
  return { title: 'Something went wrong', message, next: 'Try again in a moment.' };
}

/** An error state: what failed, why, and a retry when one can help. */
export function ErrorState(props: { error: unknown; onRetry?: () => void; what?: string }) {
  const { title, message, next } = describeError(props.error);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {props.what === undefined ? title : `${props.what}: ${title}`}
        </MessageBarTitle>
        {message} {next}
      </MessageBarBody>
      {props.onRetry !== undefined && (
        <MessageBarActions>
          <Button onClick={props.onRetry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
