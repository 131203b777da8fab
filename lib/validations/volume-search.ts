import { z } from "zod";
import { ACCESS_MODES, VOLUME_MODES, storageSize } from "./common";

/** The request form's volume search: what the claim asks for, a text filter and a page. */
export const volumeSearchSchema = z.object({
  size: storageSize,
  accessMode: z.enum(ACCESS_MODES, { message: "Choose an access mode." }),
  volumeMode: z.enum(VOLUME_MODES, { message: "Choose a volume mode." }),
  /** Only volumes of this class ("" = volumes without a class); absent = any class. */
  storageClass: z.string().trim().max(253).optional(),
  q: z.string().trim().max(100).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  /** A volume already chosen (e.g. restored after a refused submit), returned if it still matches. */
  selected: z.string().trim().max(253).optional(),
});

export type VolumeSearch = z.infer<typeof volumeSearchSchema>;

export const VOLUME_SEARCH_PAGE = 25;

/** One volume the picker offers: only what the option shows (never the whole PV). */
export interface VolumeOption {
  name: string;
  capacity: string;
  storageClass: string;
  accessModes: string[];
  sourceType: string;
  reclaimPolicy: string;
}

export interface VolumeSearchResult {
  items: VolumeOption[];
  /** Matching volumes over all pages. */
  total: number;
  page: number;
  pages: number;
  /** Available volumes of any shape, to say why nothing matches. */
  available: number;
  selected: VolumeOption | undefined;
}
