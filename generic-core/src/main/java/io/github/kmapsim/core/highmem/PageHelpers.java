// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.sched.SchedCpu;

/**
 * The helpers of {@code include/linux/highmem.h}, written on the CPU's kmap_local calls exactly
 * as the kernel writes them: map, touch one page, unmap in reverse order.
 */
public final class PageHelpers implements HighmemHelpers {
  private final Cpu cpu;
  private final SchedCpu site;
  private final Machine machine;
  private final Reporter reporter;
  private final int pageSize;

  /**
   * @param cpu the CPU whose calls the helpers make
   * @param site the same CPU as diagnostics name it
   */
  public PageHelpers(Cpu cpu, SchedCpu site, Machine machine, Reporter reporter) {
    this.cpu = cpu;
    this.site = site;
    this.machine = machine;
    this.reporter = reporter;
    this.pageSize = (int) machine.layout().pageSize();
  }

  @Override
  public void memcpyPage(Page dst, int dstOff, Page src, int srcOff, int len) {
    check("memcpy_page", dstOff, len);
    check("memcpy_page", srcOff, len);
    long d = cpu.kmapLocalPage(dst);
    long s = cpu.kmapLocalPage(src);
    for (int i = 0; i < len; i++) {
      cpu.writeByte(d + dstOff + i, cpu.readByte(s + srcOff + i));
    }
    cpu.kunmapLocal(s);
    cpu.kunmapLocal(d);
  }

  @Override
  public void memcpyToPage(Page page, int offset, byte[] from, int fromOff, int len) {
    check("memcpy_to_page", offset, len);
    long va = cpu.kmapLocalPage(page);
    for (int i = 0; i < len; i++) {
      cpu.writeByte(va + offset + i, from[fromOff + i]);
    }
    cpu.kunmapLocal(va);
  }

  @Override
  public void memcpyFromPage(byte[] to, int toOff, Page page, int offset, int len) {
    check("memcpy_from_page", offset, len);
    long va = cpu.kmapLocalPage(page);
    for (int i = 0; i < len; i++) {
      to[toOff + i] = cpu.readByte(va + offset + i);
    }
    cpu.kunmapLocal(va);
  }

  @Override
  public void memsetPage(Page page, int offset, byte val, int len) {
    check("memset_page", offset, len);
    long va = cpu.kmapLocalPage(page);
    fill(va + offset, val, len);
    cpu.kunmapLocal(va);
  }

  @Override
  public void memzeroPage(Page page, int offset, int len) {
    check("memzero_page", offset, len);
    long va = cpu.kmapLocalPage(page);
    fill(va + offset, (byte) 0, len);
    cpu.kunmapLocal(va);
  }

  /** {@code copy_highpage()}: the source is mapped first and unmapped last. */
  @Override
  public void copyHighpage(Page to, Page from) {
    long vfrom = cpu.kmapLocalPage(from);
    long vto = cpu.kmapLocalPage(to);
    for (int i = 0; i < pageSize; i += 8) {
      cpu.writeLong(vto + i, cpu.readLong(vfrom + i));
    }
    cpu.kunmapLocal(vto);
    cpu.kunmapLocal(vfrom);
  }

  /** {@code copy_user_highpage()}: the generic version is copy_highpage's body. */
  @Override
  public void copyUserHighpage(Page to, Page from, long userVaddr) {
    copyHighpage(to, from);
  }

  @Override
  public void clearHighpage(Page page) {
    long va = cpu.kmapLocalPage(page);
    for (int i = 0; i < pageSize; i += 8) {
      cpu.writeLong(va + i, 0);
    }
    cpu.kunmapLocal(va);
  }

  /**
   * {@code zero_user_segments()}: BUG_ON(end1 > page_size || end2 > page_size), then each page of
   * the compound page that intersects a segment is mapped and zeroed on its own.
   */
  @Override
  public void zeroUserSegments(Folio folio, int start1, int end1, int start2, int end2) {
    long size = (long) folio.nrPages() * pageSize;
    if (end1 > size || end2 > size || start1 < 0 || start2 < 0) {
      throw overrun("zero_user_segments", String.format(
          "segments [%d, %d) and [%d, %d) of a %d-byte page (BUG_ON(end > page_size(page)))",
          start1, end1, start2, end2, size));
    }
    for (int i = 0; i < folio.nrPages(); i++) {
      int lo = i * pageSize;
      int hi = lo + pageSize;
      if (start1 >= hi && start2 >= hi) {
        continue;
      }
      long va = cpu.kmapLocalPage(folio.page(i));
      zeroSegment(va, lo, hi, start1, end1);
      zeroSegment(va, lo, hi, start2, end2);
      cpu.kunmapLocal(va);
    }
  }

  @Override
  public void memcpyToFolio(Folio folio, long offset, byte[] from, int fromOff, int len) {
    checkFolio("memcpy_to_folio", folio, offset, len);
    int done = 0;
    while (done < len) {
      long va = kmapLocalFolio(folio, offset + done);
      int chunk = (int) Math.min(len - done, pageSize - ((offset + done) % pageSize));
      for (int i = 0; i < chunk; i++) {
        cpu.writeByte(va + i, from[fromOff + done + i]);
      }
      cpu.kunmapLocal(va);
      done += chunk;
    }
  }

  @Override
  public void memcpyFromFolio(byte[] to, int toOff, Folio folio, long offset, int len) {
    checkFolio("memcpy_from_folio", folio, offset, len);
    int done = 0;
    while (done < len) {
      long va = kmapLocalFolio(folio, offset + done);
      int chunk = (int) Math.min(len - done, pageSize - ((offset + done) % pageSize));
      for (int i = 0; i < chunk; i++) {
        to[toOff + done + i] = cpu.readByte(va + i);
      }
      cpu.kunmapLocal(va);
      done += chunk;
    }
  }

  @Override
  public long kmapLocalFolio(Folio folio, long offset) {
    checkFolio("kmap_local_folio", folio, offset, 1);
    Page page = folio.page((int) (offset / pageSize));
    return cpu.kmapLocalPage(machine.page(page.pfn())) + offset % pageSize;
  }

  private void zeroSegment(long va, int lo, int hi, int start, int end) {
    int from = Math.max(start, lo);
    int to = Math.min(end, hi);
    if (from < to) {
      fill(va + from - lo, (byte) 0, to - from);
    }
  }

  private void fill(long va, byte val, int len) {
    for (int i = 0; i < len; i++) {
      cpu.writeByte(va + i, val);
    }
  }

  private void check(String helper, int offset, int len) {
    if (offset < 0 || len < 0 || offset + len > pageSize) {
      throw overrun(helper, String.format("offset %d + len %d runs past the %d-byte page"
          + " (VM_BUG_ON(offset + len > PAGE_SIZE))", offset, len, pageSize));
    }
  }

  private void checkFolio(String helper, Folio folio, long offset, int len) {
    long size = (long) folio.nrPages() * pageSize;
    if (offset < 0 || len < 0 || offset + len > size) {
      throw overrun(helper, String.format("offset %d + len %d runs past the %d-byte folio",
          offset, len, size));
    }
  }

  private RuntimeException overrun(String helper, String why) {
    return reporter.fail(DiagnosticCode.PAGE_OVERRUN, site, site.currentTask(),
        helper + ": " + why);
  }
}
