// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 over every machine event in order: the same workload gives the same digest. */
final class TraceDigest implements KmapListener {
  private final MessageDigest sha;
  private final byte[] buf = new byte[64];
  private long events;

  TraceDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  long events() {
    return events;
  }

  String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  private void event(int kind, long a, long b, long c, long d) {
    events++;
    buf[0] = (byte) kind;
    put(1, a);
    put(9, b);
    put(17, c);
    put(25, d);
    sha.update(buf, 0, 33);
  }

  private void put(int at, long v) {
    for (int i = 0; i < 8; i++) {
      buf[at + i] = (byte) (v >>> (8 * i));
    }
  }

  @Override
  public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
    event(1, cpu | ((long) task.pid() << 16) | ((long) slot << 40), vaddr, pfn, pte);
  }

  @Override
  public void unmapped(int cpu, Task task, int slot, long vaddr) {
    event(2, cpu | ((long) task.pid() << 16) | ((long) slot << 40), vaddr, 0, 0);
  }

  @Override
  public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
    event(3, cpu, vaddr, oldPte, newPte);
  }

  @Override
  public void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int ipis) {
    event(4, cpu | ((long) ipis << 16), kind.ordinal(), start, end);
  }

  @Override
  public void ipiSent(int fromCpu, int toCpu) {
    event(5, fromCpu, toCpu, 0, 0);
  }

  @Override
  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    event(6, cpu, prev.pid(), next.pid(), ((long) cleared << 32) | restored);
  }

  @Override
  public void migrated(Task task, int fromCpu, int toCpu) {
    event(7, task.pid(), fromCpu, toCpu, 0);
  }

  @Override
  public void diagnosed(Diagnostic diagnostic) {
    event(8, diagnostic.cpu(), diagnostic.code().ordinal(), diagnostic.message().hashCode(), 0);
  }
}
