// Types of web/history-resolver.mjs: the input and output documents of history_resolver
// (src/history_resolver/schemas/*.schema.json; test/types.test.mjs checks each interface
// tagged @schema against the schema it names: the same properties, the same required ones).

/** A timestamp with a UTC offset, e.g. "2024-03-10T19:00:00.000Z" (docs/rules.md#instants). */
export type Timestamp = string;
/** A media id in either form: "TV_TMDBID1396" or "TV_1396", "MV_TMDBID559969" or "MV_559969". */
export type MediaId = string;

/** One Discovr history item (docs/rules.md#history-entries). @schema input#/$defs/historyItem */
export interface HistoryItem {
  mediaId?: MediaId | null;
  /** The list endpoint's id: a media id, or bare digits with mediaType. */
  id?: unknown;
  mediaType?: "tv" | "movie" | null;
  updatedAt?: Timestamp | null;
  progress?: number | null;
  season?: number | null;
  episode?: number | null;
  imported?: string | null;
  /** Other keys the API sends (title, createdAt, ...) are ignored, unless near misses. */
  [key: string]: unknown;
}

/** One catalog row (docs/rules.md#catalog-rows). @schema input#/$defs/catalogRow */
export interface CatalogRow {
  mediaId: MediaId;
  season: number;
  episode: number;
  /** "YYYY-MM-DD" or a timestamp; missing or null: not known. */
  airDate?: string | null;
  [key: string]: unknown;
}

/** How to resolve (docs/rules.md#options). @schema input#/$defs/options */
export interface Options {
  completionThreshold?: number | null;
  now?: Timestamp | null;
  asOf?: Timestamp | null;
  airDateZone?: string | null;
  onInvalid?: "reject" | "skip" | null;
}

/** The input document (docs/rules.md#the-input-document). @schema input# */
export interface InputDocument {
  history: HistoryItem[];
  episodes?: CatalogRow[] | null;
  options?: Options | null;
}

/** Which rule decided an episode. */
export type Basis = "explicit" | "seasonDefault" | "none";

/** @schema output#/$defs/episodeState */
export interface EpisodeState {
  mediaId: MediaId;
  season: number;
  episode: number;
  airDate: string | null;
  progress: number;
  completed: boolean;
  basis: Basis;
  /** Index of the deciding entry in the input's history. */
  decidedBy: number | null;
  plays: number;
  lastWatchedAt: Timestamp | null;
}

/** @schema output#/$defs/movieState */
export interface MovieState {
  mediaId: MediaId;
  progress: number;
  completed: boolean;
  decidedBy: number;
  plays: number;
  lastWatchedAt: Timestamp | null;
}

/** @schema output#/$defs/seasonSummary */
export interface SeasonSummary {
  mediaId: MediaId;
  season: number;
  episodes: number;
  aired: number;
  completed: number;
  percent: number;
  lastWatchedAt: Timestamp | null;
}

/** @schema output#/$defs/episodeRef */
export interface EpisodeRef {
  season: number;
  episode: number;
}

/** @schema output#/$defs/nextEpisode */
export interface NextEpisode {
  season: number;
  episode: number;
  airDate: string | null;
  aired: boolean;
}

/** @schema output#/$defs/showSummary */
export interface ShowSummary {
  mediaId: MediaId;
  aired: number;
  completed: number;
  percent: number;
  lastWatchedAt: Timestamp | null;
  lastEpisode: EpisodeRef | null;
  nextEpisode: NextEpisode | null;
}

/** @schema output#/$defs/inProgressEpisode */
export interface InProgressEpisode {
  mediaId: MediaId;
  season: number;
  episode: number;
  progress: number;
  updatedAt: Timestamp;
}

/** @schema output#/$defs/inProgressMovie */
export interface InProgressMovie {
  mediaId: MediaId;
  progress: number;
  updatedAt: Timestamp;
}

/** @schema output#/$defs/diagnostic */
export interface Diagnostic {
  severity: "error" | "warning";
  path: string;
  message: string;
}

/** The output document (docs/rules.md#the-output-document). @schema output# */
export interface OutputDocument {
  episodes: EpisodeState[];
  movies: MovieState[];
  seasons: SeasonSummary[];
  shows: ShowSummary[];
  inProgress: (InProgressEpisode | InProgressMovie)[];
  diagnostics: Diagnostic[];
}

/** One problem with the input, worded by the library. */
export interface Problem {
  path: string;
  message: string;
}

/** Invalid input: every problem found. */
export declare class InvalidInputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]);
}

/** A dropped or pasted file: a history export (array, list-endpoint pages, JSON Lines),
 * catalog rows, a TMDB season or TV details payload, or a whole input document. */
export interface InputFile {
  name: string;
  text: string;
  /** The show a TMDB payload is for; default: the show it names (show_id, id), else the
   * `show` given to resolveFiles. */
  mediaId?: MediaId;
}

/** What the demo shows beside each output episode, read off the library's decisions. */
export interface EpisodeView {
  /** Aired strictly before now (docs/rules.md#aired). */
  aired: boolean;
  /** The docs/rules.md anchor of the rule that decided. */
  rule: "explicit-entries" | "season-defaults" | "nothing-decides";
  /** That rule in one sentence, in the words of docs/rules.md. */
  why: string;
  /** The deciding history entry: each key with its value as the library shows values in
   * messages (`"TV_1396"`, `100`, `an object`). */
  entry: Record<string, string> | null;
}

export interface FilesResult {
  output: OutputDocument;
  view: { episodes: EpisodeView[]; titles: Record<MediaId, string> };
  /** How many history entries the files hold. */
  entries: number;
}

export interface Resolver {
  /** The output document for an input document; rejects with InvalidInputError, or
   * InternalError (a failure that is not the input's). */
  resolveDocument(document: InputDocument): Promise<OutputDocument>;
  /** Resolve dropped files; `show`: the show of TMDB payloads that name none and are given
   * no mediaId.  Rejects with InvalidInputError (JSON nested deeper than the library's
   * MAX_DEPTH included), or InternalError. */
  resolveFiles(files: InputFile[], options?: Options, show?: MediaId): Promise<FilesResult>;
  /** The JSON Schema of the input or output document. */
  schema(kind: "input" | "output"): Promise<Record<string, unknown>>;
  /** history_resolver's version. */
  readonly version: string;
  /** The Python version Pyodide runs. */
  readonly pythonVersion: string;
}

export interface LoadOptions {
  /** Where Pyodide's files are (default: node_modules/pyodide/ next to this module). */
  indexURL?: string;
  /** Where `npm run build` put the wheels (default: dist/ next to this module). */
  distURL?: string | URL;
}

/** Loading failed: a file missing, a module that does not import; the message is one line. */
export declare class LoadError extends Error {
  constructor(message: string);
}

/** Something other than the input went wrong in Python; the message is one line. */
export declare class InternalError extends Error {
  constructor(message: string);
}

/** Whether `text` nests arrays and objects deeper than `cap` (strings skipped). */
export declare function nestedDeeperThan(text: string, cap: number): boolean;

/** Rejects with LoadError. */
export declare function loadResolver(options?: LoadOptions): Promise<Resolver>;

/** A resolver whose Python runs in a dedicated Worker. */
export interface WorkerResolver extends Resolver {
  /** Stop the Worker, and Python with it: a call pending then, or made after, rejects with
   * InternalError. */
  terminate(): void;
}

/** loadResolver with Python in a dedicated module Worker (history-resolver-worker.mjs, next
 * to this module), so that a long resolve leaves the page's main thread free.  Browsers
 * only; rejects with LoadError. */
export declare function loadResolverInWorker(options?: LoadOptions): Promise<WorkerResolver>;
