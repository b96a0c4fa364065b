import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * Registry search the way people in Vietnamese ports type: without diacritics on a phone ("binh dinh" finds
 * "BÌNH ĐỊNH 90123"), with them ("Bình" finds "BINH AN 01"), in any case, and in decomposed form (some
 * keyboards send "i" + U+0300 rather than "ì"). vw_search_fold maps every Vietnamese letter, capital or
 * small, to its base letter (đ/Đ to d), deletes the combining marks, and lower-cases ASCII. It uses
 * translate(), not lower(), for the non-ASCII letters: the embedded database's C locale leaves capitals
 * such as "Đ" or "Ì" unchanged under lower(). The search (api/vessel-search.ts) folds both sides with it,
 * so there is one definition of "the same letters".
 */
const FROM_LETTERS =
  'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ';
const TO_LETTERS =
  'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';
/** Combining grave, acute, circumflex, tilde, breve, hook above, horn and dot below: deleted (no counterpart). */
const COMBINING_MARKS = '\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323';

const SQL = `
CREATE FUNCTION vw_search_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(translate($1, '${FROM_LETTERS}${COMBINING_MARKS}', '${TO_LETTERS}')) $$;
COMMENT ON FUNCTION vw_search_fold(text) IS
  'Search key: Vietnamese letters to their base letter, combining marks deleted, ASCII lower-cased.';
`;

export const migration0007SearchFold: Migration = {
  id: '0007_search_fold',
  description: 'vw_search_fold(text): accent- and case-insensitive registry search',
  up: () => SQL,
};
