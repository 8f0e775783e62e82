// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.Objects;

/**
 * Where a mapping involved in a {@link Diagnostic} was made, undone or used: a scenario's {@code
 * FILE:LINE} and the name its statement binds or uses, or, for a library caller, the file and line
 * of the first frame outside kmapsim (recorded only when {@link MachineConfig#recordCallSites()}).
 *
 * @param role what happened there
 * @param file the source file, or {@code ""} when unknown
 * @param line the 1-based line, or 0 when unknown
 * @param name the name bound or used there (a scenario name, or the caller's method), or {@code ""}
 */
public record Site(Role role, String file, int line, String name) {

  /** What a site did with the mapping. */
  public enum Role {
    /** The map call ({@code kmap_local_page}, {@code kmap_atomic}, {@code kmap}, ...). */
    MAP,
    /** The unmap call. */
    UNMAP,
    /** The access (read, write, helper, copy) or the call that found the problem. */
    USE
  }

  /** Checks the fields. */
  public Site {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
  }

  /** Whether the place is known. */
  public boolean known() {
    return !file.isEmpty();
  }

  /** {@code FILE:LINE (name)}, or {@code "an unrecorded call site"}. */
  public String where() {
    if (!known()) {
      return "an unrecorded call site";
    }
    return file + ":" + line + (name.isEmpty() ? "" : " (" + name + ")");
  }

  @Override
  public String toString() {
    return role.name().toLowerCase(java.util.Locale.ROOT) + " at " + where();
  }
}
