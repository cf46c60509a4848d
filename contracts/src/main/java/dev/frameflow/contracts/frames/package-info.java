/**
 * Frames on demand, declared once: the image and animation requests (their parameters, bounds and
 * canonical query), the frame-server's paths, headers, render request body and refusal codes. The
 * gateway, the frame-server and the standalone mode all read these and type none of it again.
 */
package dev.frameflow.contracts.frames;
