// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import java.util.List;

/** The task a diagnostic concerns, as {@link Reporter} needs to see it. */
public interface TaskSite {

  /** The task's name. */
  String name();

  /** The task's live local kmaps, one line each, bottom of the stack first. */
  List<String> describeMaps();
}
