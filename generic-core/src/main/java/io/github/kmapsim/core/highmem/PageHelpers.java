// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.sched.SchedCpu;
import java.util.function.ToLongFunction;

/**
 * The helpers of {@code include/linux/highmem.h}, written on the CPU's kmap_local calls exactly
 * as the kernel writes them: map, touch one page, unmap in reverse order. The bytes move through
 * the CPU's bulk accesses ({@link io.github.kmapsim.core.hw.HwCpu#copy} and its siblings): one
 * translation per page, counted as the byte (or, for whole pages, word) accesses the kernel's
 * loops make, and shown once per mapping to the checker ({@link KmapObserver#accessed}), which
 * judges it as it would a byte access there. Every argument (pages,
 * offsets and lengths, the Java arrays) and the room on the kmap stack are checked before the
 * first map, so a refused helper changes nothing and never leaves a slot mapped.
 */
public final class PageHelpers implements HighmemHelpers {
  private final Cpu cpu;
  private final SchedCpu site;
  private final KmapLocal kmap;
  private final ToLongFunction<Page> pages;
  private final Reporter reporter;
  private final int pageSize;
  private final Events events;

  /**
   * @param cpu the CPU whose calls the helpers make
   * @param site the same CPU as diagnostics name it
   * @param pages checks that a page is one of this machine's and returns its pfn
   */
  public PageHelpers(Cpu cpu, SchedCpu site, KmapLocal kmap, ToLongFunction<Page> pages,
      long pageSize, Reporter reporter, Events events) {
    this.cpu = cpu;
    this.site = site;
    this.kmap = kmap;
    this.pages = pages;
    this.reporter = reporter;
    this.pageSize = (int) pageSize;
    this.events = events;
  }

  @Override
  public void memcpyPage(Page dst, int dstOff, Page src, int srcOff, int len) {
    Object call = events.enter();
    try {
      long d = pages.applyAsLong(dst);
      long s = pages.applyAsLong(src);
      check("memcpy_page", dstOff, len);
      check("memcpy_page", srcOff, len);
      kmap.checkMaps(site, d, s);
      long vd = cpu.kmapLocalPage(dst);
      long vs = cpu.kmapLocalPage(src);
      site.hw().copy(vd + dstOff, vs + srcOff, len, 1);
      checked(vs + srcOff, len, "memcpy_page read");
      checked(vd + dstOff, len, "memcpy_page write");
      cpu.kunmapLocal(vs);
      cpu.kunmapLocal(vd);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memcpyToPage(Page page, int offset, byte[] from, int fromOff, int len) {
    Object call = events.enter();
    try {
      long pfn = pages.applyAsLong(page);
      check("memcpy_to_page", offset, len);
      array("memcpy_to_page", "from", from, fromOff, len);
      kmap.checkMaps(site, pfn, -1);
      long va = cpu.kmapLocalPage(page);
      site.hw().write(va + offset, from, fromOff, len);
      checked(va + offset, len, "memcpy_to_page write");
      cpu.kunmapLocal(va);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memcpyFromPage(byte[] to, int toOff, Page page, int offset, int len) {
    Object call = events.enter();
    try {
      long pfn = pages.applyAsLong(page);
      check("memcpy_from_page", offset, len);
      array("memcpy_from_page", "to", to, toOff, len);
      kmap.checkMaps(site, pfn, -1);
      long va = cpu.kmapLocalPage(page);
      site.hw().read(va + offset, to, toOff, len);
      checked(va + offset, len, "memcpy_from_page read");
      cpu.kunmapLocal(va);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memsetPage(Page page, int offset, byte val, int len) {
    Object call = events.enter();
    try {
      fillPage("memset_page", "memset_page write", page, offset, val, len);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memzeroPage(Page page, int offset, int len) {
    Object call = events.enter();
    try {
      fillPage("memzero_page", "memzero_page write", page, offset, (byte) 0, len);
    } finally {
      events.exit(call);
    }
  }

  private void fillPage(String helper, String what, Page page, int offset, byte val,
      int len) {
    long pfn = pages.applyAsLong(page);
    check(helper, offset, len);
    kmap.checkMaps(site, pfn, -1);
    long va = cpu.kmapLocalPage(page);
    fill(va + offset, val, len);
    checked(va + offset, len, what);
    cpu.kunmapLocal(va);
  }

  /** {@code copy_highpage()}: the source is mapped first and unmapped last. */
  @Override
  public void copyHighpage(Page to, Page from) {
    Object call = events.enter();
    try {
      long t = pages.applyAsLong(to);
      long f = pages.applyAsLong(from);
      kmap.checkMaps(site, f, t);
      long vfrom = cpu.kmapLocalPage(from);
      long vto = cpu.kmapLocalPage(to);
      site.hw().copy(vto, vfrom, pageSize, 8);
      checked(vfrom, pageSize, "copy_highpage read");
      checked(vto, pageSize, "copy_highpage write");
      cpu.kunmapLocal(vto);
      cpu.kunmapLocal(vfrom);
    } finally {
      events.exit(call);
    }
  }

  /**
   * {@code copy_user_highpage()}: the generic version is copy_highpage's body; the user address
   * only matters to architectures with cache aliases, which none of kmapsim's highmem ones are.
   */
  @Override
  public void copyUserHighpage(Page to, Page from, long userVaddr) {
    Object call = events.enter();
    try {
      copyHighpage(to, from);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void clearHighpage(Page page) {
    Object call = events.enter();
    try {
      long pfn = pages.applyAsLong(page);
      kmap.checkMaps(site, pfn, -1);
      long va = cpu.kmapLocalPage(page);
      site.hw().fill(va, (byte) 0, pageSize, 8);
      checked(va, pageSize, "clear_highpage write");
      cpu.kunmapLocal(va);
    } finally {
      events.exit(call);
    }
  }

  /**
   * {@code zero_user_segments()}: BUG_ON(end1 > page_size || end2 > page_size), then each page of
   * the compound page that intersects a segment is mapped and zeroed on its own. A segment whose
   * end is not past its start is empty, as the kernel's {@code if (end > start)} makes it.
   */
  @Override
  public void zeroUserSegments(Folio folio, int start1, int end1, int start2, int end2) {
    Object call = events.enter();
    try {
      checkFolio(folio);
      long size = (long) folio.nrPages() * pageSize;
      if (end1 > size || end2 > size || start1 < 0 || start2 < 0) {
        throw overrun("zero_user_segments", String.format(
            "segments [%d, %d) and [%d, %d) of a %d-byte page (BUG_ON(end > page_size(page)))",
            start1, end1, start2, end2, size));
      }
      for (int i = 0; i < folio.nrPages(); i++) {
        if (touches(i, start1, end1) || touches(i, start2, end2)) {
          kmap.checkMaps(site, folio.page(i).pfn(), -1);
        }
      }
      for (int i = 0; i < folio.nrPages(); i++) {
        if (!touches(i, start1, end1) && !touches(i, start2, end2)) {
          continue;
        }
        long lo = (long) i * pageSize;
        long va = cpu.kmapLocalPage(folio.page(i));
        zeroSegment(va, lo, start1, end1);
        zeroSegment(va, lo, start2, end2);
        checked(va, pageSize, "zero_user_segments write");
        cpu.kunmapLocal(va);
      }
    } finally {
      events.exit(call);
    }
  }

  /** Whether page {@code i} of a folio holds a byte of the segment [start, end). */
  private boolean touches(int i, int start, int end) {
    long lo = (long) i * pageSize;
    return start < end && start < lo + pageSize && end > lo;
  }

  @Override
  public void memcpyToFolio(Folio folio, long offset, byte[] from, int fromOff, int len) {
    Object call = events.enter();
    try {
      checkFolio("memcpy_to_folio", folio, offset, len);
      array("memcpy_to_folio", "from", from, fromOff, len);
      checkFolioMaps(folio, offset, len);
      int done = 0;
      while (done < len) {
        long va = mapFolio(folio, offset + done);
        int chunk = (int) Math.min(len - done, pageSize - ((offset + done) % pageSize));
        site.hw().write(va, from, fromOff + done, chunk);
        checked(va, chunk, "memcpy_to_folio write");
        cpu.kunmapLocal(va);
        done += chunk;
      }
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memcpyFromFolio(byte[] to, int toOff, Folio folio, long offset, int len) {
    Object call = events.enter();
    try {
      checkFolio("memcpy_from_folio", folio, offset, len);
      array("memcpy_from_folio", "to", to, toOff, len);
      checkFolioMaps(folio, offset, len);
      int done = 0;
      while (done < len) {
        long va = mapFolio(folio, offset + done);
        int chunk = (int) Math.min(len - done, pageSize - ((offset + done) % pageSize));
        site.hw().read(va, to, toOff + done, chunk);
        checked(va, chunk, "memcpy_from_folio read");
        cpu.kunmapLocal(va);
        done += chunk;
      }
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapLocalFolio(Folio folio, long offset) {
    Object call = events.enter();
    try {
      checkFolio("kmap_local_folio", folio, offset, 1);
      return mapFolio(folio, offset);
    } finally {
      events.exit(call);
    }
  }

  /** Maps the page of a (checked) folio that holds {@code offset}; the byte's address. */
  private long mapFolio(Folio folio, long offset) {
    return cpu.kmapLocalPage(folio.page((int) (offset / pageSize))) + offset % pageSize;
  }

  /** Checks the map of every page of the folio that [offset, offset + len) touches. */
  private void checkFolioMaps(Folio folio, long offset, int len) {
    if (len == 0) {
      return;
    }
    for (long p = offset / pageSize; p <= (offset + len - 1) / pageSize; p++) {
      kmap.checkMaps(site, folio.page((int) p).pfn(), -1);
    }
  }

  private void zeroSegment(long va, long lo, int start, int end) {
    long from = Math.max(start, lo);
    long to = Math.min(end, lo + pageSize);
    if (from < to) {
      fill(va + from - lo, (byte) 0, (int) (to - from));
    }
  }

  /**
   * The checker's look at one bulk access of {@code len} bytes through the mapping at {@code va}
   * (they lie in its page): once per mapping and call, with the diagnostics a byte access there
   * would give; nothing for an empty range, which touches no byte.
   */
  private void checked(long va, int len, String what) {
    if (len > 0) {
      kmap.observer().accessed(site, va, what);
    }
  }

  private void fill(long va, byte val, int len) {
    site.hw().fill(va, val, len, 1);
  }

  private void check(String helper, int offset, int len) {
    if (offset < 0 || len < 0 || (long) offset + len > pageSize) {
      throw overrun(helper, String.format("offset %d + len %d runs past the %d-byte page"
          + " (VM_BUG_ON(offset + len > PAGE_SIZE))", offset, len, pageSize));
    }
  }

  /** A folio of this machine, refused when null or of another machine. */
  private void checkFolio(Folio folio) {
    if (folio == null) {
      throw bad("the folio is null");
    }
    pages.applyAsLong(folio.head());
  }

  private void checkFolio(String helper, Folio folio, long offset, int len) {
    checkFolio(folio);
    long size = (long) folio.nrPages() * pageSize;
    if (offset < 0 || len < 0 || offset > size - len) {
      throw overrun(helper, String.format("offset %d + len %d runs past the %d-byte folio",
          offset, len, size));
    }
  }

  /** A Java array argument and the part of it a helper reads or writes. */
  private void array(String helper, String name, byte[] a, int off, int len) {
    if (a == null) {
      throw bad(helper + ": " + name + " is null");
    }
    if (off < 0 || len < 0 || off > a.length - len) {
      throw bad(String.format("%s: %s[%d .. %d + %d) is outside the %d-byte array", helper, name,
          off, off, len, a.length));
    }
  }

  private RuntimeException overrun(String helper, String why) {
    return reporter.fail(DiagnosticCode.PAGE_OVERRUN, site, site.currentTask(),
        helper + ": " + why);
  }

  private RuntimeException bad(String why) {
    return reporter.fail(DiagnosticCode.BAD_ARGUMENT, site, site.currentTask(), why);
  }
}
