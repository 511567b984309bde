// Translates RE2 syntax that JavaScript (Node 20) lacks: Go's `(?P<name>` groups and inline flag groups `(?i)`,
// `(?s)`, `(?i:...)` anywhere in the pattern. Case-insensitive parts become explicit [xX] classes, `.` under (?s)
// becomes [\s\S]; (?m) and (?U) are refused because they have no faithful equivalent here.

interface Mode {
  i: boolean;
  s: boolean;
}

const FLAG_GROUP = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/;

function applyFlags(mode: Mode, on: string, off: string): Mode {
  for (const f of on + off) if (f !== 'i' && f !== 's') throw new SyntaxError(`the regex flag ${f} is not supported`);
  return {
    i: (mode.i || on.includes('i')) && !off.includes('i'),
    s: (mode.s || on.includes('s')) && !off.includes('s'),
  };
}

function swapCase(c: string): string {
  const lower = c.toLowerCase();
  return lower === c ? c.toUpperCase() : lower;
}

/** A character class copied verbatim, plus the other-case letters when case-insensitive. Returns [text, end index]. */
function charClass(src: string, start: number, ci: boolean): [string, number] {
  let i = start + 1;
  if (src[i] === '^') i++;
  const head = src.slice(start, i);
  let content = '';
  if (src[i] === ']') {
    content = '\\]'; // a leading ] is a literal in RE2 but would close the class in JavaScript
    i++;
  }
  let swapped = '';
  for (; i < src.length && src[i] !== ']'; i++) {
    if (src[i] === '\\') {
      const esc = src.slice(i, i + 2);
      content += esc;
      i++;
      continue;
    }
    content += src[i];
    if (/[a-zA-Z]/.test(src[i] as string)) swapped += swapCase(src[i] as string);
    else if (src[i] === '-' && swapped !== '' && /[a-zA-Z]/.test(src[i + 1] ?? '')) swapped += '-';
  }
  return [`${head}${content}${ci ? swapped : ''}]`, i];
}

export function translateRe2(src: string): string {
  if (!src.includes('(?') && !/\[\^?\]/.test(src)) return src;
  let out = '';
  const stack: Mode[] = [{ i: false, s: false }];
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    const mode = stack[stack.length - 1] as Mode;
    if (c === '\\') {
      out += src.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const [text, end] = charClass(src, i, mode.i);
      out += text;
      i = end;
    } else if (c === '(') {
      const flags = FLAG_GROUP.exec(src.slice(i));
      if (src.startsWith('(?P<', i)) {
        out += '(?<';
        stack.push(mode);
        i += 3;
      } else if (flags && flags[0] !== '(?:') {
        const next = applyFlags(mode, flags[1] ?? '', flags[2] ?? '');
        if (flags[3] === ')') stack[stack.length - 1] = next;
        else {
          out += '(?:';
          stack.push(next);
        }
        i += flags[0].length - 1;
      } else {
        out += '(';
        stack.push(mode);
      }
    } else if (c === ')') {
      out += ')';
      if (stack.length > 1) stack.pop();
    } else if (mode.i && /[a-zA-Z]/.test(c)) out += `[${c}${swapCase(c)}]`;
    else if (mode.s && c === '.') out += '[\\s\\S]';
    else out += c;
  }
  return out;
}
