// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.Verb;

/**
 * The highmem.h helpers in the workload's model: when one is legal (a context that may map, two
 * free slots, ranges inside the page or folio, distinct pages to copy between, one alias per
 * page on VIVT), and what it does to memory, byte for byte.
 */
final class Helpers {
  private Helpers() {}

  /** Applies a helper statement to the model; null, or why it is not legal now. */
  static String apply(Model m, Statement s) {
    int c = s.cpu();
    if (m.owner(c) == null || m.slots(c) + 2 > m.maxSlots) {
      return "CPU" + c + " has no context with two free slots for " + s.verb().callName();
    }
    int ps = (int) m.pageSize;
    return switch (s.verb()) {
      case MEMCPY_PAGE -> {
        long dst = page(m, s, 0);
        long src = page(m, s, 2);
        int dOff = value(s, 1);
        int sOff = value(s, 3);
        int len = value(s, 4);
        if (dst < 0 || src < 0 || dst == src || !inPage(dOff, len, ps) || !inPage(sOff, len, ps)) {
          yield bad(s);
        }
        copy(m, m.physical(dst, dOff), m.physical(src, sOff), len);
        yield null;
      }
      case MEMCPY_TO_PAGE -> {
        long dst = page(m, s, 0);
        int off = value(s, 1);
        int len = value(s, 2);
        if (dst < 0 || !inPage(off, len, ps)) {
          yield bad(s);
        }
        store(m, dst, off, Verb.bytes(((Arg.Value) s.arg(3)).value(), len));
        yield null;
      }
      case MEMCPY_FROM_PAGE, MEMZERO_PAGE -> {
        long p = page(m, s, 0);
        int off = value(s, 1);
        int len = value(s, 2);
        if (p < 0 || !inPage(off, len, ps)) {
          yield bad(s);
        }
        if (s.verb() == Verb.MEMZERO_PAGE) {
          fill(m, m.physical(p, off), len, 0);
        }
        yield null;
      }
      case MEMSET_PAGE -> {
        long p = page(m, s, 0);
        int off = value(s, 1);
        int len = value(s, 3);
        if (p < 0 || !inPage(off, len, ps)) {
          yield bad(s);
        }
        fill(m, m.physical(p, off), len, value(s, 2));
        yield null;
      }
      case COPY_HIGHPAGE, COPY_USER_HIGHPAGE -> {
        long to = page(m, s, 0);
        long from = page(m, s, 1);
        if (to < 0 || from < 0 || to == from) {
          yield bad(s);
        }
        copy(m, m.physical(to, 0), m.physical(from, 0), ps);
        yield null;
      }
      case CLEAR_HIGHPAGE -> {
        long p = page(m, s, 0);
        if (p < 0) {
          yield bad(s);
        }
        fill(m, m.physical(p, 0), ps, 0);
        yield null;
      }
      default -> folio(m, s, ps);
    };
  }

  /** zero_user_segments, memcpy_to_folio and memcpy_from_folio: byte offsets in the folio. */
  private static String folio(Model m, Statement s, int ps) {
    Arg.FolioArg f = (Arg.FolioArg) s.arg(0);
    long first = f.head().pfn(m.maxLowPfn);
    int pages = 1 << f.order();
    int size = pages * ps;
    if (first % pages != 0 || first + pages > m.maxPfn) {
      return bad(s);
    }
    for (int i = 0; i < pages; i++) {
      if (!m.aliasFree(first + i)) {
        return bad(s);
      }
    }
    switch (s.verb()) {
      case ZERO_USER_SEGMENTS -> {
        int s1 = value(s, 1);
        int e1 = value(s, 2);
        int s2 = value(s, 3);
        int e2 = value(s, 4);
        if (s1 < 0 || s1 > e1 || e1 > size || s2 < 0 || s2 > e2 || e2 > size) {
          return bad(s);
        }
        fill(m, m.physical(first, s1), e1 - s1, 0);
        fill(m, m.physical(first, s2), e2 - s2, 0);
      }
      case MEMCPY_TO_FOLIO -> {
        int off = value(s, 1);
        int len = value(s, 2);
        if (!inPage(off, len, size)) {
          return bad(s);
        }
        store(m, first, off, Verb.bytes(((Arg.Value) s.arg(3)).value(), len));
      }
      default -> {
        if (!inPage(value(s, 1), value(s, 2), size)) {
          return bad(s);
        }
      }
    }
    return null;
  }

  /** A page argument's pfn when it is RAM and may be mapped (VIVT: no second alias), else -1. */
  private static long page(Model m, Statement s, int i) {
    long pfn = m.pfn(s, i);
    return pfn < m.maxPfn && m.aliasFree(pfn) ? pfn : -1;
  }

  private static int value(Statement s, int i) {
    long v = ((Arg.Value) s.arg(i)).value();
    return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  private static boolean inPage(int off, int len, int size) {
    return off >= 0 && len >= 0 && off + len <= size;
  }

  private static String bad(Statement s) {
    return s.verb().callName() + ": bad pages or ranges";
  }

  /** The byte at a physical address. */
  private static int byteAt(Model m, long pa) {
    return (int) (m.memory.get(pa & ~7L) >>> 8 * (pa & 7)) & 0xff;
  }

  /** Sets the byte at a physical address. */
  private static void setByte(Model m, long pa, int value) {
    long shift = 8 * (pa & 7);
    m.memory.put(pa & ~7L, m.memory.get(pa & ~7L) & ~(0xffL << shift) | (value & 0xffL) << shift);
  }

  /** {@code memcpy} of {@code len} bytes between physical ranges that do not overlap. */
  private static void copy(Model m, long dst, long src, int len) {
    int i = 0;
    if ((dst & 7) == (src & 7)) {
      for (; i < len && (dst + i & 7) != 0; i++) {
        setByte(m, dst + i, byteAt(m, src + i));
      }
      int n = (len - i) / 8;
      m.memory.copyWords(dst + i, src + i, n);
      i += 8 * n;
    }
    for (; i < len; i++) {
      setByte(m, dst + i, byteAt(m, src + i));
    }
  }

  /** {@code memset} of {@code len} bytes of {@code value} from a physical address. */
  private static void fill(Model m, long pa, int len, int value) {
    long word = (value & 0xffL) * 0x0101010101010101L;
    int i = 0;
    for (; i < len && (pa + i & 7) != 0; i++) {
      setByte(m, pa + i, value);
    }
    int n = (len - i) / 8;
    m.memory.fillWords(pa + i, n, word);
    i += 8 * n;
    for (; i < len; i++) {
      setByte(m, pa + i, value);
    }
  }

  /** Stores bytes from a page (or folio) offset on. */
  private static void store(Model m, long pfn, int offset, byte[] data) {
    long pa = m.physical(pfn, offset);
    for (int i = 0; i < data.length; i++) {
      setByte(m, pa + i, data[i]);
    }
  }
}
