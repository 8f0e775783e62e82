// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Architecture plugins for {@code kmapsim conformance --plugin}: the test writes them into jars
 * with their own {@code META-INF/services} file. They have none on the test class path, so the
 * other tests never discover them.
 */
package io.github.kmapsim.cli.testplugin;
