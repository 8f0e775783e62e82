// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Task;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What one statement did, typed: the values it produced, whether it did what the scenario asked
 * ({@link #failed()}), and its line in the kernel-style log ({@link #text()}, empty when there is
 * nothing to say). Built only from primitives and names, so that a run that never prints pays
 * nothing for formatting.
 */
public sealed interface Outcome {

  /** The outcome in words, as the log prints it after {@code =>}; empty for nothing. */
  String text();

  /**
   * Whether the statement did not do what the scenario asked: a BUG or refusal, a failed
   * {@code expect}, a name whose map never happened, a {@code kmap_range} cut short by a sleep or
   * a refusal.
   */
  default boolean failed() {
    return false;
  }

  /** The call returned nothing to report. */
  record Done() implements Outcome {
    @Override
    public String text() {
      return "";
    }
  }

  /**
   * A map call bound {@code name} to {@code vaddr}, the address of page {@code pfn} (of a byte in
   * it for {@code kmap_local_folio}).
   */
  record Mapped(String name, long vaddr, long pfn, boolean highmem) implements Outcome {
    @Override
    public String text() {
      return name + " = " + Hex.addr(vaddr) + " (pfn " + Hex.pfn(pfn)
          + (highmem ? ", highmem" : ", lowmem") + ")";
    }
  }

  /** An io_mapping map call bound {@code name} to {@code vaddr}, device frame {@code pfn}. */
  record IoMapped(String name, long vaddr, long pfn) implements Outcome {
    @Override
    public String text() {
      return name + " = " + Hex.addr(vaddr) + " (device pfn " + Hex.pfn(pfn) + ")";
    }
  }

  /** {@code io_mapping_create_wc()} made {@code name}. */
  record IoCreated(String name, long base, long size, long iomem) implements Outcome {
    @Override
    public String text() {
      return name + ": " + Hex.pfn(size) + " bytes of device memory at " + Hex.pfn(base)
          + (iomem == 0 ? ", mapped a page at a time in kmap_local slots (HAVE_ATOMIC_IOMAP)"
              : ", ioremap_wc at " + Hex.addr(iomem));
    }
  }

  /** {@code kmap_range}: {@code count} pages from {@code firstPfn}, {@code name} the first's. */
  record RangeMapped(int count, long firstPfn, String name, long vaddr, int hiddenEvents)
      implements Outcome {
    @Override
    public String text() {
      return count + " pages kmapped from pfn " + Hex.pfn(firstPfn) + ", " + name + " = "
          + Hex.addr(vaddr) + " (" + hiddenEvents + " event lines not shown)";
    }
  }

  /** {@code kmap_range} stopped: kmap() #{@code mapped} had to sleep. */
  record RangeSlept(int mapped, int cpu, String runs) implements Outcome {
    @Override
    public String text() {
      return mapped + " pages kmapped, then kmap #" + mapped + " slept; CPU" + cpu + " runs "
          + runs;
    }

    @Override
    public boolean failed() {
      return true;
    }
  }

  /**
   * {@code kmap_range} stopped: kmap() #{@code mapped} (of page {@code pfn}) hit a BUG or was
   * refused. The range is a loop of kmap() calls, not one call: the {@code mapped} pages before it
   * stay kmapped under {@code name}, for {@code kunmap_range}; the diagnostic is in the step's.
   */
  record RangeRefused(int mapped, long pfn, String name, Diagnostic diagnostic, int hiddenEvents)
      implements Outcome {
    @Override
    public String text() {
      return mapped + " pages kmapped (" + hiddenEvents + " event lines not shown), then kmap #"
          + mapped + " (pfn " + Hex.pfn(pfn) + "): " + diagnostic.code().severity().name() + " "
          + diagnostic.code().code() + ": that kmap did not happen; the " + mapped
          + " before it stay kmapped (kunmap_range " + name + " undoes them)";
    }

    @Override
    public boolean failed() {
      return true;
    }
  }

  /** {@code kunmap_range}: {@code count} pages kunmapped. */
  record RangeUnmapped(int count, int hiddenEvents) implements Outcome {
    @Override
    public String text() {
      return count + " pages kunmapped (" + hiddenEvents + " event lines not shown)";
    }
  }

  /** A 64-bit store. */
  record Wrote(long vaddr, long value) implements Outcome {
    @Override
    public String text() {
      return "*(u64 *)" + Hex.addr(vaddr) + " = " + Hex.u64(value);
    }
  }

  /** A 64-bit load, checked against {@code expected} when the statement gave one. */
  record Read(long vaddr, long value, OptionalLong expected) implements Outcome {
    @Override
    public String text() {
      String said = "*(u64 *)" + Hex.addr(vaddr) + " reads " + Hex.u64(value);
      if (expected.isEmpty()) {
        return said;
      }
      return failed() ? said + ", EXPECTED " + Hex.u64(expected.getAsLong())
          : said + " as expected";
    }

    @Override
    public boolean failed() {
      return expected.isPresent() && expected.getAsLong() != value;
    }
  }

  /** Bytes a helper copied out of a page or folio ({@code memcpy_from_page}). */
  record BytesRead(byte[] bytes) implements Outcome {
    public BytesRead {
      bytes = bytes.clone();
    }

    /** The bytes read. */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String text() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < Math.min(8, bytes.length); i++) {
        sb.append(String.format("%02x", bytes[i] & 0xff));
      }
      return bytes.length + " bytes read: " + sb + (bytes.length > 8 ? "..." : "");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesRead b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "BytesRead[" + text() + "]";
    }
  }

  /**
   * {@code schedule()} switched {@code prev} to {@code next}; when {@code next} slept in a kmap()
   * the core retried it on the switch, and {@code retry} says how that went (else null).
   */
  record Switched(String prev, String next, Outcome retry, String retried) implements Outcome {
    @Override
    public String text() {
      String said = prev + " -> " + next;
      return retry == null ? said : said + "; " + next + " retries: " + retried + ": " + retry.text();
    }
  }

  /** {@code sleep}: the task went to sleep and its CPU runs {@code runs}. */
  record Slept(String task, String runs) implements Outcome {
    @Override
    public String text() {
      return task + " sleeps (TASK_UNINTERRUPTIBLE): " + task + " -> " + runs;
    }
  }

  /** A {@code kmap()} found the pool full: {@code task} sleeps on pkmap_map_wait. */
  record KmapSleeping(String task, int cpu, String runs, boolean again) implements Outcome {
    @Override
    public String text() {
      return task + " sleeps on pkmap_map_wait " + (again ? "again" : "(every pkmap entry is in use)")
          + "; CPU" + cpu + " runs " + runs;
    }
  }

  /** {@code wake_up_process()}: whether the task was woken, and where or in what state it is. */
  record Woken(String task, boolean woken, int cpu, Task.State state) implements Outcome {
    @Override
    public String text() {
      return woken ? "wake_up_process(" + task + ") = 1: runnable on CPU" + cpu
          : "wake_up_process(" + task + ") = 0: it is "
              + state.name().toLowerCase(Locale.ROOT) + ", not sleeping";
    }
  }

  /** {@code fork}: the child, its pid and CPU. */
  record Forked(String child, int pid, int cpu) implements Outcome {
    @Override
    public String text() {
      return "child " + child + " pid " + pid + " on CPU" + cpu;
    }
  }

  /** A highmem.h helper ran; what it did, in words. */
  record HelperDone(String said) implements Outcome {
    @Override
    public String text() {
      return said;
    }
  }

  /**
   * A user copy ({@code copy_from_user} and kin) or {@code fault_in_readable}: {@code left}
   * bytes of {@code len} not done, {@code faults} what happened to the user pages that were not
   * present (empty when none), checked against {@code expected} (bytes not copied) when given.
   */
  record UserCopy(String call, long len, long left, String faults, OptionalLong expected)
      implements Outcome {
    @Override
    public String text() {
      String said = call + " = " + left + (left == 0 ? " (all " + len + " bytes)"
          : " (short: " + (len - left) + " of " + len + " bytes; -EFAULT)") + faults;
      if (expected.isEmpty()) {
        return said;
      }
      return failed() ? said + ", EXPECTED " + expected.getAsLong() + " not copied"
          + (expected.getAsLong() > left ? ": the fault was handled, so the copy was not short:"
              + " page faults are enabled here (pagefault_disabled() 0, not in_atomic())" : "")
          : said + " as expected";
    }

    @Override
    public boolean failed() {
      return expected.isPresent() && expected.getAsLong() != left;
    }
  }

  /** A BUG or a refusal: the call did not happen (the diagnostic is in the step's). */
  record Refused(Diagnostic diagnostic) implements Outcome {
    @Override
    public String text() {
      return diagnostic.code().severity().name() + " " + diagnostic.code().code()
          + ": the call did not happen";
    }

    @Override
    public boolean failed() {
      return true;
    }
  }

  /** The statement could not run (a name whose map failed or slept): {@code message} says why. */
  record Error(String message) implements Outcome {
    @Override
    public String text() {
      return "error: " + message;
    }

    @Override
    public boolean failed() {
      return true;
    }
  }
}
