/**
 * @module i18n/en
 * English: the reference dictionary. Every other language must have every key of `en`
 * (visitor pages) and may have every key of `enModeration` (moderation pages; a language
 * without them uses English there). A value is a string, or a {@link Plural} when it holds a number.
 */

import { enModeration } from './en-moderation.ts';

export { enModeration };

/** What visitors see: the widget, its errors, the archive, the fragment, the landing page. */
export const en = {
  anonymous: 'Anonymous',
  name_label: 'Name (optional)',
  message_label: 'Message',
  send: 'Send',
  max_hint: { one: 'Up to {count} character.', other: 'Up to {count} characters.' },
  messages_label: 'Messages',
  empty: 'No messages yet. Be the first to say hello!',
  refresh: 'Refresh',
  err_empty: 'Please write a message before sending.',
  err_too_long: {
    one: 'Your message is {count} character long; the limit is {max}. Please shorten it.',
    other: 'Your message is {count} characters long; the limit is {max}. Please shorten it.',
  },
  err_name_too_long: { one: 'Names can be at most {count} character long.', other: 'Names can be at most {count} characters long.' },
  err_name_reserved: 'That name is reserved for the moderators. Please choose another one.',
  err_rate: {
    one: 'You are posting too fast. Please wait {count} second and try again.',
    other: 'You are posting too fast. Please wait {count} seconds and try again.',
  },
  err_closed: 'This shoutbox is closed: new messages are not accepted.',
  err_too_large: 'That was too much text to send at once.',
  err_bad_form: 'The form could not be read. Please reload the page and try again.',
  err_token_missing: 'Your message could not be sent because the form was not loaded properly. Please send it again.',
  err_token_invalid: 'This form could not be verified. Please send your message again.',
  err_token_too_fast: 'That was sent faster than anyone can type. Please check your message and send it again.',
  err_token_expired: 'This form was open for more than a day. Your text is kept: please send it again.',
  err_token_used: 'This form was already sent once, so your message is already posted.',
  err_honeypot: 'A hidden anti-spam field was filled in, probably by autofill. Your text is kept: please send it again.',
  err_duplicate: 'You already posted this message in the last 10 minutes.',
  err_too_many_links: { one: 'A message can contain at most {count} link.', other: 'A message can contain at most {count} links.' },
  err_links_forbidden: 'Links are not allowed on this board. Please remove them and send again.',
  err_slow_mode: {
    one: 'This board is very busy, so slow mode is on: one message per second each.',
    other: 'This board is very busy, so slow mode is on: one message every {count} seconds each.',
  },
  wait_seconds: { one: 'Please wait {count} second.', other: 'Please wait {count} seconds.' },
  slow_notice: {
    one: 'Slow mode is on for a few minutes: one message per second each.',
    other: 'Slow mode is on for a few minutes: one message every {count} seconds each.',
  },
  hp_label: 'Leave this field empty',
  not_found_title: 'Not found',
  not_found: 'There is no shoutbox at this address.',
  error_title: 'Something went wrong',
  error_text: 'Something went wrong on our side. Your message was not lost: please try again in a moment.',
  unavailable_title: 'Temporarily unavailable',
  unavailable_text: 'The shoutbox cannot reach its storage right now. Nothing was changed: please try again in a minute.',
  err_unavailable: 'The shoutbox cannot save messages right now. Your message was not sent; it is still here: please try again in a minute.',
  staff_badge: 'Staff',
  pinned_label: 'Pinned',
  moderator_online: 'A moderator is online',
  held_notice: 'Thanks! Your message will appear once a moderator has approved it.',
  err_banned: 'You can post here again in {left}.',
  err_banned_forever: 'You cannot post on this shoutbox any more.',
  err_banned_reason: 'Reason: {reason}',
  err_slow: {
    one: 'This shoutbox is in slow mode: please wait {count} second before posting again.',
    other: 'This shoutbox is in slow mode: please wait {count} seconds before posting again.',
  },
  err_links: 'Links are not allowed on this shoutbox. Please remove the address and send again.',
  err_word: 'Your message contains a word that is not allowed here. Please rephrase it.',
  landing_title: 'Holler, a shoutbox for your site',
  landing_intro: 'Visitors leave short messages, everyone sees them appear within seconds, and a moderator keeps it clean. Here is the {board} board, embedded the way your page would embed it:',
  landing_embed: 'Embed it',
  widget_frame_title: 'Shoutbox',
  here_now: { one: '{count} other person here now', other: '{count} other people here now' },
  chars_left: { one: '{count} character left', other: '{count} characters left' },
  chars_over: { one: '{count} character too many', other: '{count} characters too many' },
  load_older: 'Load older messages',
  no_older: 'There are no older messages.',
  older_title: 'Older messages',
  back_to_latest: 'Back to the latest messages',
  open_widget: 'Open the shoutbox to read more and write',
  landing_boards: 'Board “{board}”',
  embed_iframe: 'Inline frame',
  embed_iframe_help: 'The simplest: a frame of fixed height. Works everywhere, even without JavaScript.',
  embed_script: 'Script include',
  embed_script_help: 'Inserts a box 480 px tall where the tag stands; its messages scroll inside it. Options: data-height (pixels), data-lang (en, it, fr, de, es, ar), data-theme (light, dark, auto), data-accent and data-accent-fg (#rrggbb), data-title-count (shows “(3) …” in the page title while the tab is hidden).',
  embed_fragment: 'Server-side include',
  embed_fragment_help: 'The latest messages as plain, read-only HTML for your server to include; it links to the full shoutbox.',
  copy: 'Copy',
  copied: 'Copied to the clipboard.',
  copy_failed: 'Could not copy: select the text and copy it by hand.',
  name_hint: 'max {max} characters, remembered here',
  new_pill: { one: '{count} new', other: '{count} new' },
  new_since: 'New since your last visit',
  sound_toggle: 'Sound for new messages',
  emoji_open: 'Insert an emoji',
  emoji_names: 'grinning face|tears of joy|smiling face|heart eyes|winking face|cool face|thinking face|surprised face|crying face|angry face|thumbs up|thumbs down|clapping hands|thank you|waving hand|strong arm|red heart|fire|party popper|sparkles|star|check mark|question mark|hot coffee',
  board_missing: 'There is no board “{board}” on this Holler. If this is your site: check the data-board attribute of the embed tag; boards are listed and created at /admin.',
  landing_admin: 'Moderate the boards or create a new one',
  landing_origin_warning: 'These snippets use the address typed in your browser ({origin}) because PUBLIC_URL is not set. If visitors reach this server at another address, set PUBLIC_URL and reload this page.',
  reply: 'Reply',
  reply_to_name: 'Reply to {name}',
  in_reply_to: 'in reply to {name}',
  replying_to: 'Replying to {name}',
  cancel_reply: 'Cancel the reply',
  reply_missing: 'The message you wanted to reply to is no longer here.',
  err_reply_gone: 'The message you are replying to is no longer here. Your text is kept: send it again to post it on its own.',
  permalink_title: 'Link to this message',
  permalink_heading: 'A message in its conversation',
  newer_messages: 'Newer messages',
  message_not_found: 'This message does not exist, or it was removed.',
  edited: 'edited',
  edit: 'Edit',
  delete: 'Delete',
  delete_confirm: 'Delete your message?',
  edit_label: 'Edit your message',
  save: 'Save',
  cancel: 'Cancel',
  err_edit_expired: 'Your message can be changed only in the first {minutes} min after posting. That time is over.',
  err_edit_denied: 'Only the device that posted this message can change it.',
  err_edit_gone: 'This message is no longer here.',
  edit_held: 'Thanks! Your change will appear once a moderator has approved it.',
  // replies:
  rm_tools: 'Replies by mail or feed',
  rm_email_label: 'Your email address',
  rm_subscribe: 'Email me when someone replies',
  rm_privacy: 'You get a confirmation mail first; nothing else is sent until you confirm. Your address is used only for this, shown to nobody, and deleted when you unsubscribe or after {days} days.',
  rm_check_mail: 'Check your mail and open the link in it to confirm. Nothing else is sent until you do.',
  rm_mail_off: 'Reply mail is not available on this board; a private feed is.',
  rm_err_email: 'This does not look like an email address.',
  rm_err_limit: 'Too many sign-ups for this address or board just now. Please try again later.',
  rm_feed_make: 'Get a private reply feed (no address needed)',
  rm_feed_url: 'Your private reply feed: add it to a feed reader and keep it to yourself.',
  rm_feed_revoke: 'Revoke my reply feed',
  rm_feed_revoked: 'Your reply feed is revoked: its address no longer works.',
  rm_feed_title: 'Replies to your messages on {board}',
  rm_link_gone: 'This link is no longer valid: it was used to unsubscribe, or it expired.',
  rm_confirm_title: 'Confirm reply mail',
  rm_confirm_text: 'Send a mail to your address when someone replies to your message on {board}?',
  rm_confirm_button: 'Yes, mail me the replies',
  rm_confirmed: 'Done. You will get a mail when someone replies; each mail has a link to stop them.',
  rm_unsub_title: 'Stop reply mail',
  rm_unsub_text: 'Stop the mails about replies to your message on {board}?',
  rm_unsub_button: 'Stop these mails',
  rm_unsubscribed: 'Done: no more reply mail, and your address is deleted.',
  rm_revoke_text: 'Revoke this private reply feed? Its address stops working for good.',
  rm_confirm_subject: 'Confirm reply mail for {board}',
  rm_confirm_body: 'Someone (we hope you) asked to get a mail when somebody replies to a message on {board}. To confirm, open this link:',
  rm_confirm_ignore: 'If that was not you, ignore this mail: nothing more will be sent.',
  rm_reply_subject: 'New reply to your message on {board}',
  rm_replied: '{name} replied:',
  rm_open: 'Read it in the conversation:',
  rm_unsub_line: 'Stop these mails:',
  rm_why: 'You get this because you asked for it on {board}.',
} as const;


/**
 * A string with a number in it has one form per plural category of its language (CLDR:
 * English one/other; Arabic zero/one/two/few/many/other), chosen by the `count` variable
 * through Intl.PluralRules. `other` is required; a test checks that each language has every
 * category it uses.
 */
export type Plural = { readonly zero?: string; readonly one?: string; readonly two?: string; readonly few?: string; readonly many?: string; readonly other: string };

/** What another language must provide: a string where English has one, plural forms where English has them. */
type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Plural };
export type VisitorDict = Shape<typeof en>;
export type ModerationDict = Shape<typeof enModeration>;
export type VisitorKey = keyof typeof en;
export type ModerationKey = keyof typeof enModeration;
