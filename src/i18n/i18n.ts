/**
 * @module i18n
 * Every visible string, in English, Italian and French. Views call `t(lang)` and never hold
 * literal text, so a missing translation is a type error, not an English word in an Italian page.
 */
import { moderationEn, moderationFr, moderationIt } from './moderation.ts';

export const LANGS = ['en', 'it', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  anonymous: 'Anonymous',
  name_label: 'Name (optional)',
  message_label: 'Message',
  send: 'Send',
  max_hint: 'Up to {max} characters.',
  messages_label: 'Messages',
  empty: 'No messages yet. Be the first to say hello!',
  refresh: 'Refresh',
  err_empty: 'Please write a message before sending.',
  err_too_long: 'Your message is {length} characters long; the limit is {max}. Please shorten it.',
  err_name_too_long: 'Names can be at most {max} characters long.',
  err_name_reserved: 'That name is reserved for the moderators. Please choose another one.',
  err_rate: 'You are posting too fast. Please wait {seconds} s and try again.',
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
  err_too_many_links: 'A message can contain at most {max} links.',
  err_links_forbidden: 'Links are not allowed on this board. Please remove them and send again.',
  err_slow_mode: 'This board is very busy, so slow mode is on: one message every {interval} s each. Please wait {seconds} s.',
  slow_notice: 'Slow mode is on for a few minutes: one message every {interval} s each.',
  hp_label: 'Leave this field empty',
  not_found_title: 'Not found',
  not_found: 'There is no shoutbox at this address.',
  error_title: 'Something went wrong',
  error_text: 'Something went wrong on our side. Your message was not lost: please try again in a moment.',
  unavailable_title: 'Temporarily unavailable',
  unavailable_text: 'The shoutbox cannot reach its storage right now. Nothing was changed: please try again in a minute.',
  err_unavailable: 'The shoutbox cannot save messages right now. Your message was not sent; it is still here: please try again in a minute.',
  landing_title: 'Holler, a shoutbox for your site',
  landing_intro: 'Visitors leave short messages, everyone sees them appear within seconds, and a moderator keeps it clean. Here is the {board} board, embedded the way your page would embed it:',
  landing_embed: 'Embed it',
  widget_frame_title: 'Shoutbox',
  ...moderationEn,
  here_now: 'Here now: {n}',
  chars_left: '{n} characters left',
  chars_over: '{n} characters too many',
  load_older: 'Load older messages',
  no_older: 'There are no older messages.',
  older_title: 'Older messages',
  back_to_latest: 'Back to the latest messages',
  open_widget: 'Open the shoutbox to read more and write',
  landing_boards: 'Board “{board}”',
  embed_iframe: 'Inline frame',
  embed_iframe_help: 'The simplest: a frame of fixed height. Works everywhere, even without JavaScript.',
  embed_script: 'Script include',
  embed_script_help: 'Inserts the frame where the tag stands and keeps its height equal to the content. Options: data-lang (en, it, fr), data-theme (light, dark, auto), data-accent (#rrggbb), data-min-height, data-max-height.',
  embed_fragment: 'Server-side include',
  embed_fragment_help: 'The latest messages as plain, read-only HTML for your server to include; it links to the full shoutbox.',
  copy: 'Copy',
  copied: 'Copied to the clipboard.',
  copy_failed: 'Could not copy: select the text and copy it by hand.',
} as const;

type Key = keyof typeof en;
const it: Record<Key, string> = {
  anonymous: 'Anonimo',
  name_label: 'Nome (facoltativo)',
  message_label: 'Messaggio',
  send: 'Invia',
  max_hint: 'Al massimo {max} caratteri.',
  messages_label: 'Messaggi',
  empty: 'Ancora nessun messaggio. Scrivi tu il primo!',
  refresh: 'Aggiorna',
  err_empty: 'Scrivi un messaggio prima di inviare.',
  err_too_long: 'Il tuo messaggio è lungo {length} caratteri; il limite è {max}. Accorcialo, per favore.',
  err_name_too_long: 'Il nome può avere al massimo {max} caratteri.',
  err_name_reserved: 'Questo nome è riservato ai moderatori. Scegline un altro.',
  err_rate: 'Stai scrivendo troppo in fretta. Attendi {seconds} s e riprova.',
  err_closed: 'Questa shoutbox è chiusa: non accetta nuovi messaggi.',
  err_too_large: 'Troppo testo da inviare in una volta.',
  err_bad_form: 'Impossibile leggere il modulo. Ricarica la pagina e riprova.',
  err_token_missing: 'Non è stato possibile inviare il messaggio perché il modulo non è stato caricato correttamente. Invialo di nuovo.',
  err_token_invalid: 'Non è stato possibile verificare il modulo. Invia di nuovo il messaggio.',
  err_token_too_fast: 'Inviato più in fretta di quanto chiunque possa scrivere. Controlla il messaggio e invialo di nuovo.',
  err_token_expired: 'Il modulo è rimasto aperto per più di un giorno. Il testo è conservato: invialo di nuovo.',
  err_token_used: 'Questo modulo è già stato inviato una volta: il tuo messaggio è già pubblicato.',
  err_honeypot: 'Un campo antispam nascosto è stato compilato, probabilmente dal riempimento automatico. Il testo è conservato: invialo di nuovo.',
  err_duplicate: 'Hai già pubblicato questo messaggio negli ultimi 10 minuti.',
  err_too_many_links: 'Un messaggio può contenere al massimo {max} link.',
  err_links_forbidden: 'I link non sono ammessi in questa bacheca. Toglili e invia di nuovo.',
  err_slow_mode: 'La bacheca è molto attiva, quindi è attiva la modalità lenta: un messaggio ogni {interval} s a testa. Attendi {seconds} s.',
  slow_notice: 'Modalità lenta attiva per qualche minuto: un messaggio ogni {interval} s a testa.',
  hp_label: 'Lascia vuoto questo campo',
  not_found_title: 'Pagina non trovata',
  not_found: 'Non c’è nessuna shoutbox a questo indirizzo.',
  error_title: 'Qualcosa è andato storto',
  error_text: 'Qualcosa è andato storto da parte nostra. Il tuo messaggio non è andato perso: riprova tra un momento.',
  unavailable_title: 'Temporaneamente non disponibile',
  unavailable_text: 'Al momento la shoutbox non riesce a usare il suo archivio. Non è stato modificato nulla: riprova tra un minuto.',
  err_unavailable: 'Al momento la shoutbox non riesce a salvare i messaggi. Il tuo messaggio non è stato inviato ed è ancora qui: riprova tra un minuto.',
  landing_title: 'Holler, una shoutbox per il tuo sito',
  landing_intro: 'I visitatori lasciano brevi messaggi, tutti li vedono comparire in pochi secondi e un moderatore tiene tutto in ordine. Ecco la bacheca {board}, incorporata come la incorporerebbe la tua pagina:',
  landing_embed: 'Incorporala',
  widget_frame_title: 'Shoutbox',
  ...moderationIt,
  here_now: 'Presenti ora: {n}',
  chars_left: 'Restano {n} caratteri',
  chars_over: '{n} caratteri di troppo',
  load_older: 'Carica i messaggi precedenti',
  no_older: 'Non ci sono messaggi precedenti.',
  older_title: 'Messaggi precedenti',
  back_to_latest: 'Torna agli ultimi messaggi',
  open_widget: 'Apri la shoutbox per leggere tutto e scrivere',
  landing_boards: 'Bacheca «{board}»',
  embed_iframe: 'Riquadro (iframe)',
  embed_iframe_help: 'Il modo più semplice: un riquadro di altezza fissa. Funziona ovunque, anche senza JavaScript.',
  embed_script: 'Inclusione via script',
  embed_script_help: 'Inserisce il riquadro dove si trova il tag e ne adatta l’altezza al contenuto. Opzioni: data-lang (en, it, fr), data-theme (light, dark, auto), data-accent (#rrggbb), data-min-height, data-max-height.',
  embed_fragment: 'Inclusione lato server',
  embed_fragment_help: 'Gli ultimi messaggi in HTML semplice, in sola lettura, da includere dal tuo server; rimanda alla shoutbox completa.',
  copy: 'Copia',
  copied: 'Copiato negli appunti.',
  copy_failed: 'Copia non riuscita: seleziona il testo e copialo a mano.',
};
const fr: Record<Key, string> = {
  anonymous: 'Anonyme',
  name_label: 'Nom (facultatif)',
  message_label: 'Message',
  send: 'Envoyer',
  max_hint: '{max} caractères au maximum.',
  messages_label: 'Messages',
  empty: 'Aucun message pour l’instant. Soyez le premier à écrire !',
  refresh: 'Actualiser',
  err_empty: 'Écrivez un message avant d’envoyer.',
  err_too_long: 'Votre message compte {length} caractères ; la limite est de {max}. Raccourcissez-le, s’il vous plaît.',
  err_name_too_long: 'Le nom ne peut pas dépasser {max} caractères.',
  err_name_reserved: 'Ce nom est réservé aux modérateurs. Choisissez-en un autre.',
  err_rate: 'Vous écrivez trop vite. Patientez {seconds} s puis réessayez.',
  err_closed: 'Cette shoutbox est fermée : elle n’accepte plus de messages.',
  err_too_large: 'Trop de texte à envoyer en une fois.',
  err_bad_form: 'Le formulaire est illisible. Rechargez la page et réessayez.',
  err_token_missing: 'Votre message n’a pas pu être envoyé car le formulaire n’a pas été chargé correctement. Envoyez-le à nouveau.',
  err_token_invalid: 'Ce formulaire n’a pas pu être vérifié. Envoyez votre message à nouveau.',
  err_token_too_fast: 'Envoyé plus vite que quiconque ne peut taper. Vérifiez votre message et envoyez-le à nouveau.',
  err_token_expired: 'Ce formulaire est resté ouvert plus d’un jour. Votre texte est conservé : envoyez-le à nouveau.',
  err_token_used: 'Ce formulaire a déjà été envoyé une fois : votre message est déjà publié.',
  err_honeypot: 'Un champ anti-spam caché a été rempli, sans doute par le remplissage automatique. Votre texte est conservé : envoyez-le à nouveau.',
  err_duplicate: 'Vous avez déjà publié ce message ces 10 dernières minutes.',
  err_too_many_links: 'Un message peut contenir au plus {max} liens.',
  err_links_forbidden: 'Les liens ne sont pas autorisés sur ce tableau. Retirez-les et envoyez à nouveau.',
  err_slow_mode: 'Ce tableau est très actif, le mode lent est donc activé : un message toutes les {interval} s par personne. Patientez {seconds} s.',
  slow_notice: 'Mode lent activé pour quelques minutes : un message toutes les {interval} s par personne.',
  hp_label: 'Laissez ce champ vide',
  not_found_title: 'Page introuvable',
  not_found: 'Il n’y a pas de shoutbox à cette adresse.',
  error_title: 'Une erreur est survenue',
  error_text: 'Une erreur est survenue de notre côté. Votre message n’est pas perdu : réessayez dans un instant.',
  unavailable_title: 'Momentanément indisponible',
  unavailable_text: 'La shoutbox n’arrive pas à accéder à son stockage pour le moment. Rien n’a été modifié : réessayez dans une minute.',
  err_unavailable: 'La shoutbox ne peut pas enregistrer de messages pour le moment. Votre message n’a pas été envoyé, il est toujours là : réessayez dans une minute.',
  landing_title: 'Holler, une shoutbox pour votre site',
  landing_intro: 'Les visiteurs laissent de courts messages, tout le monde les voit apparaître en quelques secondes et un modérateur veille au grain. Voici le tableau {board}, intégré comme votre page l’intégrerait :',
  landing_embed: 'L’intégrer',
  widget_frame_title: 'Shoutbox',
  ...moderationFr,
  here_now: 'En ligne : {n}',
  chars_left: 'Encore {n} caractères',
  chars_over: '{n} caractères en trop',
  load_older: 'Afficher les messages plus anciens',
  no_older: 'Il n’y a pas de messages plus anciens.',
  older_title: 'Messages plus anciens',
  back_to_latest: 'Revenir aux derniers messages',
  open_widget: 'Ouvrir la shoutbox pour tout lire et écrire',
  landing_boards: 'Tableau « {board} »',
  embed_iframe: 'Cadre (iframe)',
  embed_iframe_help: 'Le plus simple : un cadre de hauteur fixe. Fonctionne partout, même sans JavaScript.',
  embed_script: 'Inclusion par script',
  embed_script_help: 'Insère le cadre à l’emplacement de la balise et ajuste sa hauteur au contenu. Options : data-lang (en, it, fr), data-theme (light, dark, auto), data-accent (#rrggbb), data-min-height, data-max-height.',
  embed_fragment: 'Inclusion côté serveur',
  embed_fragment_help: 'Les derniers messages en HTML simple, en lecture seule, à inclure par votre serveur ; il renvoie vers la shoutbox complète.',
  copy: 'Copier',
  copied: 'Copié dans le presse-papiers.',
  copy_failed: 'Copie impossible : sélectionnez le texte et copiez-le à la main.',
};

const DICTS: Record<Lang, Record<Key, string>> = { en, it, fr };

/** The raw dictionary of a language (tests check that a page shows only its own language). */
export const dictionary = (lang: Lang): Readonly<Record<Key, string>> => DICTS[lang];

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

// One translator per language, made once: an Intl.NumberFormat is costly to build per request.
const translators = new Map<Lang, Translate>();

export function t(lang: Lang): Translate {
  let tr = translators.get(lang);
  if (tr) return tr;
  const dict = DICTS[lang];
  const nf = new Intl.NumberFormat(lang);
  tr = (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars?.[name];
      return typeof v === 'number' ? nf.format(v) : (v ?? '');
    });
  translators.set(lang, tr);
  return tr;
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** `?lang=` first, then the board's default, then the browser's Accept-Language, then English. */
export function pickLang(query: string | undefined, boardDefault: string | null | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(boardDefault)) return boardDefault;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLang) ?? 'en';
}

const timeFormats = new Map<Lang, Intl.DateTimeFormat>();
/** A short absolute time in the page's language ("22 nov, 14:03"). */
export function formatTime(ms: number, lang: Lang): string {
  let f = timeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    timeFormats.set(lang, f);
  }
  return f.format(ms);
}
