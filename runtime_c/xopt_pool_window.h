/* Pooling windows, shared by the portable and NEON pool kernels: a window's top-left input
 * pixel and the range of its taps that lie inside the image. */
#ifndef XOPT_POOL_WINDOW_H
#define XOPT_POOL_WINDOW_H

#include "xopt_kernels.h"

/* The taps [*begin, *end) of a window starting at `start` that lie in [low, high). */
static inline void xopt_clip_taps(int32_t start, int32_t kernel, int32_t low, int32_t high,
                                  int32_t *begin, int32_t *end)
{
    *begin = start < low ? low - start : 0;
    *end = start + kernel > high ? high - start : kernel;
    if (*end < *begin) {
        *end = *begin;
    }
}

/* A pooling window: its top-left input pixel (iy, ix), maybe in the padding, and its taps
 * [ky0, ky1) x [kx0, kx1) inside the image. */
typedef struct {
    int32_t iy, ix, ky0, ky1, kx0, kx1;
} xopt_pool_window;

static inline xopt_pool_window xopt_pool_window_at(const xopt_pool2d_params *p, int32_t oy,
                                                   int32_t ox)
{
    xopt_pool_window w;
    w.iy = oy * p->stride_h - p->pad_top;
    w.ix = ox * p->stride_w - p->pad_left;
    xopt_clip_taps(w.iy, p->kernel_h, 0, p->in_h, &w.ky0, &w.ky1);
    xopt_clip_taps(w.ix, p->kernel_w, 0, p->in_w, &w.kx0, &w.kx1);
    return w;
}

/* How many taps of a window starting at `start` count towards the average: those inside the
 * image, or with include_pad also those in the padding (never those past it). */
static inline int32_t xopt_pool_window_count(int32_t start, int32_t kernel, int32_t size,
                                             int32_t pad_begin, int32_t pad_end,
                                             int32_t include_pad)
{
    int32_t begin, end;
    if (include_pad) {
        xopt_clip_taps(start, kernel, -pad_begin, size + pad_end, &begin, &end);
    } else {
        xopt_clip_taps(start, kernel, 0, size, &begin, &end);
    }
    return end - begin;
}

#endif
