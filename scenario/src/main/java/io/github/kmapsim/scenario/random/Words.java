// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

/**
 * The model's memory: 8-byte words by physical address, 0 where nothing was stored, in an
 * open-addressing table of primitive longs (a long run stores millions of words; boxing each
 * would be most of what the workload allocates).
 */
final class Words {
  /** {@code address + 1} per slot, 0 for an empty one. */
  private long[] keys = new long[1024];
  private long[] values = new long[1024];
  private int size;

  /** The word at {@code address}, 0 when none was stored. */
  long get(long address) {
    int i = find(address);
    return keys[i] == 0 ? 0 : values[i];
  }

  /** Stores a word; 0 forgets it. */
  void put(long address, long value) {
    if (value == 0) {
      remove(address);
      return;
    }
    int i = find(address);
    if (keys[i] == 0) {
      keys[i] = address + 1;
      if (++size * 2 > keys.length) {
        values[i] = value;
        grow();
        return;
      }
    }
    values[i] = value;
  }

  private void remove(long address) {
    int i = find(address);
    if (keys[i] == 0) {
      return;
    }
    keys[i] = 0;
    size--;
    int mask = keys.length - 1;
    for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) { // backward-shift deletion
      long k = keys[j];
      long v = values[j];
      keys[j] = 0;
      int home = find(k - 1);
      keys[home] = k;
      values[home] = v;
    }
  }

  private int find(long address) {
    int mask = keys.length - 1;
    long h = address ^ address >>> 33; // murmur3's fmix64
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    int i = (int) (h ^ h >>> 33) & mask;
    while (keys[i] != 0 && keys[i] != address + 1) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int j = find(oldKeys[i] - 1);
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }
}
