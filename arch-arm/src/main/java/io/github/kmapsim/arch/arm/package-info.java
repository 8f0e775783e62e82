/** The 32-bit ARM plugin (variants arm, arm-vivt, arm-lpae); its variants arrive with issue 3. */
package io.github.kmapsim.arch.arm;
