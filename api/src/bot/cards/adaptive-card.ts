import type { CardActionData, CardVerb } from './card-action.js';

/**
 * The part of Adaptive Cards 1.5 that Roster's cards use, as types: a card is built as data
 * and serialised once by the bot SDK, never assembled as JSON text. Teams renders 1.5, the
 * first version with `Action.Execute`'s universal actions; anything outside these types would
 * not type-check, and the tests validate every card against the published 1.5 schema.
 */

export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

interface ElementLayout {
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface TextBlock extends ElementLayout {
  readonly type: 'TextBlock';
  /** Markdown subset and `{{DATE()}}`/`{{TIME()}}`: see `plainText` and `card-time.ts`. */
  readonly text: string;
  readonly wrap?: boolean;
  readonly size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  readonly weight?: 'lighter' | 'default' | 'bolder';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly maxLines?: number;
  readonly horizontalAlignment?: 'left' | 'center' | 'right';
  /** `heading` lets screen readers announce it as one. */
  readonly style?: 'default' | 'heading';
}

export interface Fact {
  readonly title: string;
  readonly value: string;
}

export interface FactSet extends ElementLayout {
  readonly type: 'FactSet';
  readonly facts: readonly Fact[];
}

export interface Column {
  readonly type: 'Column';
  readonly items: readonly CardElement[];
  readonly width?: 'auto' | 'stretch' | number;
  readonly spacing?: Spacing;
  readonly verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet extends ElementLayout {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
}

export interface Container extends ElementLayout {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: ContainerStyle;
}

export interface ActionSet extends ElementLayout {
  readonly type: 'ActionSet';
  readonly actions: readonly CardAction[];
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet;

/** A button that sends an `adaptiveCard/action` invoke to the bot, which answers with a card. */
export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: CardVerb;
  readonly data: CardActionData;
  readonly style?: 'default' | 'positive' | 'destructive';
  readonly tooltip?: string;
  readonly isEnabled?: boolean;
}

/** A button that opens a link: here, a deep link into Roster's tab. */
export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
  readonly tooltip?: string;
}

export type CardAction = ExecuteAction | OpenUrlAction;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: typeof adaptiveCardSchemaUrl;
  readonly version: '1.5';
  /** What a client too old for 1.5 shows, and what notifications preview. */
  readonly fallbackText: string;
  /** What screen readers say for the whole card. */
  readonly speak?: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
}

export const adaptiveCardSchemaUrl = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** A 1.5 card: the version Teams needs for `Action.Execute`. */
export function adaptiveCard(
  parts: Pick<AdaptiveCard, 'fallbackText' | 'body'> & Partial<Pick<AdaptiveCard, 'actions'>>,
): AdaptiveCard {
  const { fallbackText, body, actions } = parts;
  return {
    type: 'AdaptiveCard',
    $schema: adaptiveCardSchemaUrl,
    version: '1.5',
    fallbackText,
    body,
    ...(actions === undefined || actions.length === 0 ? {} : { actions }),
  };
}

/** A text block that wraps: every text Roster shows may be longer than a phone is wide. */
export function textBlock(text: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

/**
 * Text from outside Roster's own words (a tenant's or an admin's name) made inert: Adaptive
 * Cards read Markdown and `{{DATE()}}` functions in text, so a name like `[Pay](https://…)`
 * would become a link. Only the characters of links and emphasis get a backslash: Teams
 * clients differ in how they show escapes, and names rarely hold these. A zero-width space
 * splits `{{`.
 */
export function plainText(text: string): string {
  return text.replace(/[\\*_[\]]/g, '\\$&').replace(/\{\{/g, '{\u200b{');
}
