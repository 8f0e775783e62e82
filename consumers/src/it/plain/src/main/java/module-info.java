// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/** A simulator that uses kmapsim as a library. */
module org.example.consumer {
  requires io.github.kmapsim.core;
}
