// Test fixtures for the LinkedIn import: builds ZIP archives shaped like LinkedIn's "Download your data" export,
// with no dependencies beyond Node (zlib's raw deflate inside a hand-written ZIP container).
//
//   import { buildLinkedInZip, buildZip, buildZipBomb, defaultLinkedInExport } from '../support/linkedin_fixture.mjs';
//
//   buildLinkedInZip(options) -> Buffer
//     A realistic export. Every option is optional; defaults come from defaultLinkedInExport():
//       profile         {firstName, lastName, headline, summary, industry, geoLocation, url?} or null (no Profile.csv)
//       positions       [{company, title, description, location, startedOn, finishedOn}]
//       education       [{school, startDate, endDate, notes, degree, activities}]
//       skills          ['Name', ...]
//       languages       [{name, proficiency}]   proficiency as LinkedIn writes it ("Native or bilingual proficiency")
//       certifications  [{name, url, authority, startedOn, finishedOn, licenseNumber}]
//       connections     [{firstName, lastName, url, email, company, position, connectedOn}]
//       names           file names per section; default {profile: 'Profile.csv', positions: 'Posities.csv'
//                       (a Dutch export's name), education: 'Education.csv', skills: 'Skills.csv',
//                       languages: 'Languages.csv', certifications: 'Certifications.csv',
//                       connections: 'Connections.csv'}; a section whose name is null is left out
//       folder          a folder the files sit in (LinkedIn's "Basic_LinkedInDataExport_..."), default none
//       latin1          sections written in ISO-8859-1 instead of UTF-8, default ['positions']
//       bom             sections starting with a UTF-8 byte-order mark, default ['profile', 'skills']
//       crlf            sections with \r\n line ends, default ['education']
//       rawRows         {section: ['raw CSV line', ...]} lines appended verbatim after the generated rows
//                       (broken rows for the "skipped" report)
//       extraFiles      [{name, data: string|Buffer}] more entries (unrelated LinkedIn files, images, ...)
//       compress        deflate entries (default true) or store them
//     Connections.csv starts with LinkedIn's "Notes:" preamble before its header, as the real one does.
//
//   buildZip(entries) -> Buffer
//     A ZIP of [{name, data: string|Buffer, compress?: boolean (default true), declaredSize?: number}].
//     declaredSize makes the headers lie about the uncompressed size (a zip bomb's trick).
//
//   buildZipBomb({bytes = 60 MiB, declaredSize = 1000, name = 'Skills.csv'}) -> Buffer
//     One CSV entry that expands to `bytes` while declaring `declaredSize`; a few hundred KiB compressed.
//
//   readZip(buffer) -> Map(name -> Buffer)
//     Unpacks a ZIP (stored or deflated entries, via the central directory): for checking what the server sends.
import zlib from 'node:zlib';

// ---- CRC-32 (zlib.crc32 exists from Node 20.15; the table keeps older versions working) -----------------
let crcTable = null;
function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- the ZIP container ------------------------------------------------------------------------------------
const DOS_TIME = (10 << 11) | (30 << 5);             // 10:30:00
const DOS_DATE = ((2024 - 1980) << 9) | (3 << 5) | 15;  // 2024-03-15

export function buildZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const compress = e.compress !== false;
    const body = compress ? zlib.deflateRawSync(data, { level: 9 }) : data;
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);  // names are UTF-8
    local.writeUInt16LE(compress ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(compress ? 8 : 0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function buildZipBomb({ bytes = 60 * 1024 * 1024, declaredSize = 1000, name = 'Skills.csv' } = {}) {
  const data = Buffer.alloc(bytes, 'a\n');
  data.write('Name\n', 0);
  return buildZip([{ name, data, declaredSize }]);
}

// ---- CSV ----------------------------------------------------------------------------------------------------
function cell(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CONNECTIONS_NOTES = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    + 'only see email addresses for connections who have allowed their connections to see or download their email '
    + 'address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here '
    + 'https://www.linkedin.com/help/linkedin/answer/261"',
  '',
];

const SECTIONS = {
  profile: {
    header: ['First Name', 'Last Name', 'Maiden Name', 'Address', 'Birth Date', 'Headline', 'Summary', 'Industry',
      'Zip Code', 'Geo Location', 'Twitter Handles', 'Websites', 'Instant Messengers'],
    row: (p) => [p.firstName, p.lastName, '', '', '', p.headline, p.summary, p.industry, '', p.geoLocation, '',
      p.websites ?? '', ''],
  },
  positions: {
    header: ['Company Name', 'Title', 'Description', 'Location', 'Started On', 'Finished On'],
    row: (p) => [p.company, p.title, p.description, p.location, p.startedOn, p.finishedOn],
  },
  education: {
    header: ['School Name', 'Start Date', 'End Date', 'Notes', 'Degree Name', 'Activities'],
    row: (e) => [e.school, e.startDate, e.endDate, e.notes, e.degree, e.activities],
  },
  skills: { header: ['Name'], row: (s) => [s] },
  languages: { header: ['Name', 'Proficiency'], row: (l) => [l.name, l.proficiency] },
  certifications: {
    header: ['Name', 'Url', 'Authority', 'Started On', 'Finished On', 'License Number'],
    row: (c) => [c.name, c.url, c.authority, c.startedOn, c.finishedOn, c.licenseNumber],
  },
  connections: {
    header: ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
    row: (c) => [c.firstName, c.lastName, c.url, c.email, c.company, c.position, c.connectedOn],
    preamble: CONNECTIONS_NOTES,
  },
};

export function defaultLinkedInExport() {
  return {
    profile: {
      firstName: 'Sanne', lastName: 'de Vries', headline: 'Verpleegkundige bij Stadsziekenhuis Utrecht',
      summary: 'Twaalf jaar in de acute zorg.\nNu ook praktijkopleider.', industry: 'Hospitals and Health Care',
      geoLocation: 'Utrecht, Utrecht, Netherlands',
    },
    positions: [
      { company: 'Stadsziekenhuis Utrecht', title: 'Verpleegkundige SEH', description: 'Spoedeisende hulp, triage.',
        location: 'Utrecht, Nederland', startedOn: 'mrt 2019', finishedOn: '' },
      { company: 'Café Noël', title: 'Bediening', description: 'Crème brûlée en koffie; weekenddiensten.',
        location: 'Zürich, Schweiz', startedOn: 'Jan 2015', finishedOn: 'okt 2018' },
      { company: 'Rivierland Zorg', title: 'Leerling-verpleegkundige', description: '',
        location: 'Tiel', startedOn: '09/2012', finishedOn: '2014' },
    ],
    education: [
      { school: 'Hogeschool Utrecht', startDate: '2010', endDate: '2014', notes: 'Minor acute zorg',
        degree: 'Bachelor Verpleegkunde', activities: 'Studievereniging' },
      { school: 'Christelijk Lyceum Zeist', startDate: '2004', endDate: '2010', notes: '', degree: 'VWO',
        activities: '' },
    ],
    skills: ['Triage', 'Wondzorg', 'Reanimatie', 'Project Management'],
    languages: [
      { name: 'Nederlands', proficiency: 'Native or bilingual proficiency' },
      { name: 'Engels', proficiency: 'Full professional proficiency' },
      { name: 'Duits', proficiency: 'Limited working proficiency' },
    ],
    certifications: [
      { name: 'BLS/AED', url: 'https://www.nrr.nl/cert/123', authority: 'Nederlandse Reanimatie Raad',
        startedOn: 'Feb 2023', finishedOn: 'Feb 2025', licenseNumber: '123' },
    ],
    connections: [
      { firstName: 'Jan', lastName: 'Jansen', url: 'https://www.linkedin.com/in/jan-jansen-0a1b2c', email: '',
        company: 'Rivierland Zorg', position: 'Teamleider', connectedOn: '15 Mar 2021' },
      { firstName: 'Eva', lastName: 'Bakker', url: 'https://www.linkedin.com/in/eva-bakker', email: 'eva@example.org',
        company: 'UMC', position: 'Arts', connectedOn: '02 Jan 2020' },
    ],
  };
}

function section(name, items, opts) {
  const def = SECTIONS[name];
  const lines = [...(def.preamble || []), def.header.map(cell).join(',')];
  for (const item of items) lines.push(def.row(item).map(cell).join(','));
  for (const raw of (opts.rawRows?.[name] || [])) lines.push(raw);
  const eol = opts.crlf.includes(name) ? '\r\n' : '\n';
  const text = lines.join(eol) + eol;
  let data = opts.latin1.includes(name) ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  if (opts.bom.includes(name)) data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
  return data;
}

export function buildLinkedInZip(options = {}) {
  const base = defaultLinkedInExport();
  const o = {
    ...base, ...options,
    names: {
      profile: 'Profile.csv', positions: 'Posities.csv', education: 'Education.csv', skills: 'Skills.csv',
      languages: 'Languages.csv', certifications: 'Certifications.csv', connections: 'Connections.csv',
      ...(options.names || {}),
    },
    latin1: options.latin1 ?? ['positions'],
    bom: options.bom ?? ['profile', 'skills'],
    crlf: options.crlf ?? ['education'],
  };
  const folder = options.folder ? `${options.folder.replace(/\/$/, '')}/` : '';
  const entries = [];
  for (const name of Object.keys(SECTIONS)) {
    const file = o.names[name];
    if (!file) continue;
    let items = o[name];
    if (name === 'profile') {
      if (!items) continue;
      items = [items];
    }
    entries.push({ name: folder + file, data: section(name, items || [], o), compress: options.compress });
  }
  // Files every export has that the import ignores.
  entries.push({ name: `${folder}Registration.csv`, data: 'Registered At,Registration Ip,Subscription Types\n3/15/12, 9:41 AM,127.0.0.1,\n', compress: options.compress });
  entries.push({ name: `${folder}Rich_Media.csv`, data: 'Date/Time,Media Description,Media Link\n', compress: options.compress });
  for (const extra of options.extraFiles || []) entries.push({ compress: options.compress, ...extra });
  return buildZip(entries);
}

export function readZip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('damaged central directory');
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + csize);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}
