/**
 * Vietnamese without diacritics, for terminals that only show ASCII: "Nguy hiểm, đổi hướng" becomes
 * "Nguy hiem, doi huong". Letters with marks lose them (Unicode decomposition), đ/Đ become d/D, and any
 * other character outside printable ASCII becomes "?", so the result is always printable ASCII.
 */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[\r\n\t]/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
}
