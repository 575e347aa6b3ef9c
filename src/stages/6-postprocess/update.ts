/**
 * The objects post-processing adds or changes, kept apart from the printed file: new objects numbered from the
 * file's size, and new versions of old ones. Each step reads an object through `current`, so that it sees what an
 * earlier step made of it.
 */
import { dictText, objectDict, readDict, type PdfDict, type PrintedPdf } from '../../pdf/printed-pdf.ts';

/** The objects post-processing adds or changes: new ones numbered from the file's size, and new versions of old ones. */
export class Update {
  readonly objects = new Map<number, string>();
  /** Dictionaries already read, by object number; a new version replaces its entry. */
  private readonly read = new Map<number, PdfDict | undefined>();
  constructor(private size: number) {}

  reserve(): number {
    return this.size++;
  }

  add(dict: PdfDict): number {
    const number = this.reserve();
    this.set(number, dict);
    return number;
  }

  set(number: number, dict: PdfDict): void {
    this.objects.set(number, dictText(dict));
    this.read.set(number, dict);
  }

  /**
   * Object `number`'s dictionary as it stands: its new version, else the printed one. Callers must not change the
   * map they get: they make a new one and `set` it.
   */
  current(pdf: PrintedPdf, number: number): PdfDict | undefined {
    if (this.read.has(number)) return this.read.get(number);
    const changed = this.objects.get(number);
    const dict = changed === undefined ? objectDict(pdf, number)?.dict : readDict(changed, 0).dict;
    this.read.set(number, dict);
    return dict;
  }

  /** A new stream object; its data is written byte for byte (one latin1 character per byte). */
  addStream(dict: PdfDict, data: Buffer): number {
    const number = this.reserve();
    this.setStream(number, dict, data);
    return number;
  }

  setStream(number: number, dict: PdfDict, data: Buffer): void {
    const withLength = new Map([...dict, ['Length', String(data.length)]]);
    this.objects.set(number, `${dictText(withLength)}\nstream\n${data.toString('latin1')}\nendstream`);
    this.read.set(number, withLength);
  }
}
