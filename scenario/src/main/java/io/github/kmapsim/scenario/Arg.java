// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

/**
 * One argument of a {@link Statement}, typed as the scenario format writes it. {@code toString()}
 * is the argument as a scenario file spells it.
 */
public sealed interface Arg {

  /** A page: {@code highmem+N} (pfn max_low_pfn + N), {@code lowmem+N} (pfn N) or {@code pfn:N}. */
  record PageArg(Region region, long n) implements Arg {
    /** Where {@link #n} counts from. */
    public enum Region {
      /** From max_low_pfn. */
      HIGHMEM,
      /** From pfn 0. */
      LOWMEM,
      /** A raw pfn, passed as written. */
      PFN
    }

    /** {@code highmem+n}. */
    public static PageArg highmem(long n) {
      return new PageArg(Region.HIGHMEM, n);
    }

    /** {@code lowmem+n}. */
    public static PageArg lowmem(long n) {
      return new PageArg(Region.LOWMEM, n);
    }

    /** The page frame number on a machine whose max_low_pfn is {@code maxLowPfn}. */
    public long pfn(long maxLowPfn) {
      return switch (region) {
        case HIGHMEM -> maxLowPfn + n;
        case LOWMEM, PFN -> n;
      };
    }

    @Override
    public String toString() {
      return switch (region) {
        case HIGHMEM -> "highmem+" + Long.toUnsignedString(n);
        case LOWMEM -> "lowmem+" + Long.toUnsignedString(n);
        case PFN -> "pfn:0x" + Long.toHexString(n);
      };
    }
  }

  /** A folio of {@code 2^order} pages from {@code head}: {@code PAGE/ORDER}. */
  record FolioArg(PageArg head, int order) implements Arg {
    @Override
    public String toString() {
      return head + "/" + order;
    }
  }

  /** An address bound to a name, plus a byte offset: {@code NAME} or {@code NAME+OFFSET}. */
  record Ref(String name, long offset) implements Arg {
    @Override
    public String toString() {
      return offset == 0 ? name : name + "+0x" + Long.toHexString(offset);
    }
  }

  /** A number: decimal or {@code 0x} hex. */
  record Value(long value) implements Arg {
    @Override
    public String toString() {
      return value >= 0 && value < 10 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }
  }

  /**
   * A count of pages: {@code N}, or relative to the machine's LAST_PKMAP, {@code LAST_PKMAP} or
   * {@code LAST_PKMAP-N}, so that a scenario fills the pkmap pool on any variant.
   *
   * @param n the count, or what is taken from LAST_PKMAP
   * @param ofLastPkmap whether the count is {@code LAST_PKMAP - n}
   */
  record Count(long n, boolean ofLastPkmap) implements Arg {
    /** The number of pages on a machine with {@code lastPkmap} pkmap entries. */
    public long of(int lastPkmap) {
      return ofLastPkmap ? lastPkmap - n : n;
    }

    @Override
    public String toString() {
      return ofLastPkmap ? (n == 0 ? "LAST_PKMAP" : "LAST_PKMAP-" + n) : Long.toString(n);
    }
  }

  /** A declared task. */
  record TaskArg(String name) implements Arg {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A CPU: {@code cpuN}. */
  record CpuArg(int cpu) implements Arg {
    @Override
    public String toString() {
      return "cpu" + cpu;
    }
  }

  /** A name the statement introduces: a forked child's, or an io_mapping's. */
  record NameArg(String name) implements Arg {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A diagnostic code such as {@code KMAP-W001}. */
  record CodeArg(io.github.kmapsim.api.DiagnosticCode code) implements Arg {
    @Override
    public String toString() {
      return code.code();
    }
  }
}
