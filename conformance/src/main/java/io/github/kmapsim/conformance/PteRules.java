// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static io.github.kmapsim.conformance.Kit.hex;
import static io.github.kmapsim.conformance.Kit.require;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.spi.Capability;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The PTE family ({@link Stage#PTE}): the encoding of {@code asm/pgtable*.h} on its own (pfn round
 * trips, the physical width, the empty PTE) and what the MMU makes of PAGE_KERNEL, kmap_prot and
 * write-combining, through the port's own decoding of its hardware word
 * ({@link PteCodec#hardwarePermissions}), which needs no reference vector.
 */
final class PteRules {
  static final String PFN_ROUND_TRIP = "required_pte_pfn_round_trip";
  static final String PHYSICAL_WIDTH = "required_pte_physical_width";
  static final String NONE_OF_EMPTY = "required_pte_none_of_empty";
  static final String PAGE_KERNEL_WRITABLE = "required_pte_page_kernel_present_writable";
  static final String KMAP_PROT_PERMISSIONS = "required_pte_kmap_prot_permissions";
  static final String WRITECOMBINE_UNCACHED = "required_pte_writecombine_uncached";

  private static final long FOUR_GIB = 1L << 32;

  private PteRules() {}

  static List<Rule> rules() {
    return List.of(
        Rule.required(Stage.PTE, "pfn_round_trip",
            "pte_pfn(pfn_pte(pfn, prot)) == pfn across the physical range, for PAGE_KERNEL and"
                + " kmap_prot, and the PTE fits pte_t",
            "the PFN shift (PAGE_SHIFT / _PFN_SHIFT / PTE_PFN_SHIFT) and mask in asm/pgtable*.h",
            List.of(), PteRules::pfnRoundTrip),
        Rule.required(Stage.PTE, "physical_width",
            "maxPfn is a power of two that matches pte_t: at most 4 GiB of physical address in a"
                + " 32-bit pte_t, more in a 64-bit one, where a page above 4 GiB round-trips",
            "maxPfn() (MAX_POSSIBLE_PHYSMEM_BITS, PHYS_MASK_SHIFT, __PHYSICAL_MASK_SHIFT) and the"
                + " width of pte_t (PAE, LPAE, PHYS_64BIT, PAE40 make it 64 bits)",
            List.of(PFN_ROUND_TRIP), PteRules::physicalWidth),
        Rule.required(Stage.PTE, "none_of_empty",
            "pte_none() holds for the empty PTE, for what pte_clear() leaves and for a never-used"
                + " kmap slot, and none of them is present",
            "emptyPte(), pteNone() and pteClear(): the empty PTE need not be 0 (xtensa's 0x1c),"
                + " and pte_none must ignore what pte_clear leaves (csky's and MIPS's"
                + " _PAGE_GLOBAL, e500's high word)",
            List.of(LayoutRules.SLOTS_DISTINCT, PFN_ROUND_TRIP), PteRules::pteNoneOfEmpty),
        Rule.required(Stage.PTE, "page_kernel_present_writable",
            "PAGE_KERNEL and kmap_prot PTEs are present and let the kernel store (the hardware's"
                + " permission, hardwareWritable(), which pte_write() need not be)",
            "the present/valid and write bits of PAGE_KERNEL / kmap_prot in asm/pgtable*.h, and"
                + " hardwareWritable() where pte_write() tests a software or user-mode bit",
            List.of(PFN_ROUND_TRIP), PteRules::pageKernelBits),
        Rule.required(Stage.PTE, "kmap_prot_permissions",
            "the hardware word of kmap_prot and PAGE_KERNEL decodes valid, kernel-writable, not"
                + " user-accessible, cacheable and executable only where the port says its"
                + " kernel's is; the decoding agrees with pte_present and hardwareWritable",
            "PAGE_KERNEL / kmap_prot (USER, NX/XN, the cache type bits) in asm/pgtable*.h, the"
                + " hardware word (hardwarePte) and its decoding (hardwarePermissions),"
                + " kmapProtExecutable()",
            List.of(PFN_ROUND_TRIP), PteRules::kmapProtPermissions),
        Rule.required(Stage.PTE, "writecombine_uncached",
            "pgprot_writecombine(PAGE_KERNEL) decodes valid, kernel-writable and not cacheable",
            "pgprot_writecombine() in asm/pgtable.h: the memory type it selects must not be"
                + " cacheable (write-combining is bufferable, uncached)",
            List.of(PFN_ROUND_TRIP), PteRules::writecombineUncached));
  }

  private static long[] samplePfns(long max) {
    List<Long> s = new ArrayList<>(List.of(0L, 1L, 2L, max - 1, max / 2, max / 3));
    for (long p = 1; p > 0 && p < max; p <<= 1) {
      s.add(p);
      s.add(p - 1);
    }
    long x = 0x1234_5678_9abcL;
    for (int i = 0; i < 64; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      s.add(Math.floorMod(x >>> 11, max));
    }
    return s.stream().filter(p -> p >= 0 && p < max).mapToLong(Long::longValue).toArray();
  }

  private static String pfnRoundTrip(Subject s) {
    PteCodec c = s.variant().pteCodec();
    long max = c.maxPfn();
    require(max > 0, "maxPfn() is " + max);
    int n = 0;
    for (long prot : new long[] {c.pageKernel(), c.kmapProt()}) {
      for (long pfn : samplePfns(max)) {
        long pte = c.pfnPte(pfn, prot);
        long back = c.ptePfn(pte);
        require(back == pfn, "pfn_pte(" + hex(pfn) + ", " + hex(prot) + ") = " + hex(pte)
            + " but pte_pfn of it is " + hex(back)
            + (pfn >= FOUR_GIB >>> 12 && (pte >>> 32) == 0 && c.pteBits() == 64
                ? ": the physical address above 4 GiB was cut off" : ""));
        if (c.pteBits() == 32) {
          require((pte >>> 32) == 0, "pfn_pte(" + hex(pfn) + ") = " + hex(pte)
              + " does not fit a 32-bit pte_t");
        }
        n++;
      }
    }
    return n + " PTEs round-trip up to maxPfn " + hex(max);
  }

  private static String physicalWidth(Subject s) {
    PteCodec c = s.variant().pteCodec();
    long max = c.maxPfn();
    require(Long.bitCount(max) == 1, "maxPfn() " + hex(max) + " is not a power of two: the"
        + " physical address width is a number of bits");
    int shift = s.variant().layout(1, 16).pageShift();
    int bits = Long.numberOfTrailingZeros(max) + shift;
    if (c.pteBits() == 32) {
      require(bits <= 32, "a 32-bit pte_t claims " + bits + "-bit physical addresses (maxPfn "
          + hex(max) + "): a PTE that holds more than 4 GiB is 64 bits wide");
      return bits + "-bit physical addresses in a 32-bit pte_t";
    }
    require(bits > 32, "a 64-bit pte_t with only " + bits + "-bit physical addresses (maxPfn "
        + hex(max) + "): PAE, LPAE, PHYS_64BIT and PAE40 exist to reach above 4 GiB; the"
        + " declared width is too small");
    long pfn = (FOUR_GIB >>> shift) + 1;
    for (long prot : new long[] {c.pageKernel(), c.kmapProt()}) {
      long pte = c.pfnPte(pfn, prot);
      require(c.ptePfn(pte) == pfn, "pfn_pte(" + hex(pfn) + ", " + hex(prot) + ") = "
          + PteFormat.hex(c, pte) + " for a page above 4 GiB, but pte_pfn of it is "
          + hex(c.ptePfn(pte)) + ": the PTE loses the high bits of the address");
    }
    return bits + "-bit physical addresses; pfn " + hex(pfn) + " above 4 GiB round-trips";
  }

  /**
   * The empty PTE and {@code pte_clear()} on a page table of their own: set_pte of a kernel PTE
   * into two neighbouring entries (MIPS and csky make a pair's buddy global), then pte_clear of
   * each; what remains must be pte_none and not present. Then the page table of a fresh machine:
   * every kmap slot holds a pte_none entry. No map, so no hook, is involved.
   */
  private static String pteNoneOfEmpty(Subject s) {
    PteCodec c = s.variant().pteCodec();
    long empty = c.emptyPte();
    require(c.pteNone(empty), "pte_none(" + hex(empty) + ") of the empty PTE is false");
    require(!c.ptePresent(empty), "the empty PTE " + hex(empty) + " is present");
    long pfn = c.maxPfn() / 2;
    long[] entries = {empty, empty, empty, empty};
    PteTable table = new PteTable() {
      @Override public long get(long ptep) {
        return entries[(int) ptep];
      }

      @Override public void set(long ptep, long pte) {
        entries[(int) ptep] = pte;
      }
    };
    c.setPte(table, 2, c.pfnPte(pfn, c.kmapProt()));
    c.setPte(table, 3, c.pfnPte(pfn + 1, c.kmapProt()));
    for (int e : new int[] {3, 2}) {
      long before = entries[e];
      c.pteClear(table, e);
      long pte = entries[e];
      require(c.pteNone(pte), "pte_clear() of " + PteFormat.hex(c, before) + " leaves "
          + PteFormat.hex(c, pte) + ", which is not pte_none: pte_none must ignore what"
          + " pte_clear leaves behind (csky's and MIPS's _PAGE_GLOBAL, e500's high word)");
      require(!c.ptePresent(pte), "pte_clear() of " + PteFormat.hex(c, before) + " leaves "
          + PteFormat.hex(c, pte) + ", which is present: a valid translation stays behind");
    }
    Machine m = s.machine(s.smallCpus(), false);
    MemoryLayout l = m.layout();
    int km = s.perCpu(m.config().kmMaxIdx());
    for (int cpu = 0; cpu < m.nrCpus(); cpu++) {
      for (int slot = 0; slot < km; slot++) {
        long va = l.fixToVirt(l.fixKmapBegin() + slot + km * cpu);
        long pte = m.kernelPte(va);
        require(c.pteNone(pte), "CPU" + cpu + " slot " + slot + " at " + hex(va) + " was never"
            + " mapped but its PTE " + hex(pte) + " is not pte_none (emptyPte() is " + hex(empty)
            + ")");
      }
    }
    return "empty PTE " + hex(empty) + " is pte_none, and so is what pte_clear leaves";
  }

  private static String pageKernelBits(Subject s) {
    PteCodec c = s.variant().pteCodec();
    long pfn = c.maxPfn() / 2;
    for (long prot : new long[] {c.pageKernel(), c.kmapProt()}) {
      long pte = c.pfnPte(pfn, prot);
      require(c.ptePresent(pte), "pfn_pte(" + hex(pfn) + ", " + hex(prot) + ") = "
          + hex(pte) + " (" + c.describe(pte) + ") is not present");
      // The hardware's view: pte_write() may test a software or user-mode bit (xtensa, nds32).
      require(c.hardwareWritable(pte), "pfn_pte(" + hex(pfn) + ", " + hex(prot) + ") = "
          + hex(pte) + " (" + c.describe(pte) + ") does not let the kernel store"
          + " (hardwareWritable() is false; pte_write() is " + c.pteWrite(pte) + ")");
    }
    return "PAGE_KERNEL " + hex(c.pageKernel()) + " and kmap_prot " + hex(c.kmapProt())
        + " present and writable for the MMU";
  }

  /** The decoded permissions of {@code pfn_pte(pfn, prot)}. */
  private static PtePermissions decode(PteCodec c, long pfn, long prot) {
    return c.hardwarePermissions(c.pfnPte(pfn, prot));
  }

  private static String kmapProtPermissions(Subject s) {
    if (!s.has(Capability.HARDWARE_PERMISSIONS)) {
      return Kit.notApplicable("the port does not decode its hardware PTE word"
          + " (PteCodec.hardwarePermissions): nothing to check the permissions of kmap_prot"
          + " against (docs/PORTING.md, \"The PTE codec\")");
    }
    PteCodec c = s.variant().pteCodec();
    long pfn = c.maxPfn() / 2;
    boolean ownKmapProt = s.has(Capability.KMAP_PROT);
    List<String> checked = new ArrayList<>();
    for (long prot : ownKmapProt ? new long[] {c.kmapProt(), c.pageKernel()}
        : new long[] {c.kmapProt()}) {
      String name = prot == c.kmapProt() ? "kmap_prot " + hex(prot) : "PAGE_KERNEL " + hex(prot);
      long pte = c.pfnPte(pfn, prot);
      long hw = c.hardwarePte(pte);
      PtePermissions p = c.hardwarePermissions(pte);
      String what = name + ": pfn_pte = " + PteFormat.hex(c, pte) + " (" + c.describe(pte)
          + "), hardware word " + hex(hw) + " decodes " + p;
      require(p.valid(), what + ": not valid, the MMU faults on it");
      require(p.valid() == c.ptePresent(pte), what + " but pte_present() is false:"
          + " the decoding and pte_present disagree");
      require(p.kernelWritable(), what + ": the kernel cannot store through it");
      require(p.kernelWritable() == c.hardwareWritable(pte), what + " but hardwareWritable()"
          + " is false: the decoding and the MMU's write permission disagree");
      require(!p.userAccessible(), what + ": user mode can read a kernel mapping (a USER bit,"
          + " AP[1])");
      require(p.cacheable(), what + ": not cacheable, so kmap'd data bypasses the cache");
      if (prot == c.kmapProt()) {
        require(p.executable() == c.kmapProtExecutable(), what + ": "
            + (p.executable() ? "executable, where the port says its kernel's kmap_prot is not"
                + " (NX/XN missing)"
                : "not executable, where the port says its kernel's kmap_prot is"
                    + " (kmapProtExecutable())"));
      }
      checked.add(name + " " + p);
    }
    if (!c.ptePresent(c.emptyPte())) {
      PtePermissions empty = c.hardwarePermissions(c.emptyPte());
      require(!empty.valid(), "the empty PTE " + hex(c.emptyPte()) + " decodes " + empty
          + ": valid, where pte_present() says it is not");
    }
    return String.join(", ", checked);
  }

  private static String writecombineUncached(Subject s) {
    if (!s.has(Capability.PGPROT_WRITECOMBINE)) {
      return Kit.notApplicable("the port keeps the default pgprot_writecombine (it says nothing"
          + " of its write-combining memory type)");
    }
    if (!s.has(Capability.HARDWARE_PERMISSIONS)) {
      return Kit.notApplicable("the port does not decode its hardware PTE word"
          + " (PteCodec.hardwarePermissions)");
    }
    PteCodec c = s.variant().pteCodec();
    long wc = c.pgprotWritecombine(c.pageKernel());
    PtePermissions p = decode(c, c.maxPfn() / 2, wc);
    String what = "pgprot_writecombine(PAGE_KERNEL) = " + hex(wc) + " decodes " + p;
    require(p.valid() && p.kernelWritable(), what + ": not a valid, kernel-writable mapping");
    require(!p.cacheable(), what + ": cacheable, so writes to the device sit in the cache"
        + " (write-combining memory is bufferable but not cacheable)");
    return what;
  }
}
