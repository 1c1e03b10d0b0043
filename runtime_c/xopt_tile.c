/* Tiled execution (xopt_tile.h). */
#include "xopt_tile.h"

#include <string.h>

#define R XOPT_TILE_MAX_RANK

#define element xopt_tile_address

/* Advances the odometer i over `count` along axes [0, last); 0 once it wraps around. */
static int next_index(int32_t *i, const int32_t *count, int32_t last)
{
    for (int32_t a = last - 1; a >= 0; --a) {
        if (++i[a] < count[a]) {
            return 1;
        }
        i[a] = 0;
    }
    return 0;
}

static int32_t min32(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

static int32_t max32(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* The box clipped to both buffers except along ring axes: origins moved to the first
 * copied element, count per axis; 0 if nothing is left. */
static int clip_box(xopt_tile_ref *src, xopt_tile_ref *dst, const int32_t *sizes, int32_t *count)
{
    const xopt_tile_buffer *s = src->buffer, *d = dst->buffer;
    for (int32_t a = 0; a < s->rank; ++a) {
        int32_t low = 0, high = sizes[a];
        if (a != s->ring_axis) {
            low = max32(low, -src->origin[a]);
            high = min32(high, s->shape[a] - src->origin[a]);
        }
        if (a != d->ring_axis) {
            low = max32(low, -dst->origin[a]);
            high = min32(high, d->shape[a] - dst->origin[a]);
        }
        if (high <= low) {
            return 0;
        }
        src->origin[a] += low;
        dst->origin[a] += low;
        count[a] = high - low;
    }
    return 1;
}

/* Whether axis a runs with the same element stride `step` in the n buffers and never wraps. */
static int runs_with(const xopt_tile_ref *refs, int32_t n, int32_t a, int64_t step)
{
    for (int32_t k = 0; k < n; ++k) {
        const xopt_tile_buffer *b = refs[k].buffer;
        if (a == b->ring_axis || b->stride[a] != step) {
            return 0;
        }
    }
    return 1;
}

/* Whether the box spans axis a of each of the n buffers. */
static int spans(const xopt_tile_ref *refs, int32_t n, int32_t a, int32_t count)
{
    for (int32_t k = 0; k < n; ++k) {
        if (count != refs[k].buffer->shape[a]) {
            return 0;
        }
    }
    return 1;
}

/* Calls visit(ctx, run, at) over the box of `count` elements starting at the n refs'
 * origins (n <= 3 buffers of one element size), in runs of `run` elements contiguous in
 * every buffer, at[k] the run's first byte in refs[k]: the axis of stride 1, then each
 * axis whose stride is the run so far while the run spans whole axes of the buffers. */
typedef void (*run_visitor)(void *ctx, int64_t run, uint8_t *const *at);

static void for_each_run(const xopt_tile_ref *refs, int32_t n, const int32_t *count,
                         run_visitor visit, void *ctx)
{
    const int32_t rank = refs[0].buffer->rank;
    int32_t walk[R], i[R] = {0}, at[R];
    uint8_t *first[3];
    int64_t run = 1;
    int whole = 1;
    for (int32_t a = 0; a < rank; ++a) {
        walk[a] = count[a];
    }
    for (int merged = 1; merged && whole;) {
        merged = 0;
        for (int32_t a = 0; a < rank; ++a) {
            if (walk[a] > 1 && runs_with(refs, n, a, run)) {
                run *= count[a];
                walk[a] = 1;
                whole = spans(refs, n, a, count[a]);
                merged = 1;
                break;
            }
        }
    }
    do {
        for (int32_t k = 0; k < n; ++k) {
            for (int32_t a = 0; a < rank; ++a) {
                at[a] = refs[k].origin[a] + i[a];
            }
            first[k] = element(refs[k], at);
        }
        visit(ctx, run, first);
    } while (next_index(i, walk, rank));
}

static void copy_run(void *bytes, int64_t run, uint8_t *const *at)
{
    memcpy(at[1], at[0], (size_t)(run * *(const int32_t *)bytes));
}

void xopt_tile_dma(xopt_tile_ref src, xopt_tile_ref dst, const int32_t *sizes)
{
    int32_t count[R];
    if (clip_box(&src, &dst, sizes, count)) {
        const xopt_tile_ref refs[2] = {src, dst};
        int32_t bytes = src.buffer->element_bytes;
        for_each_run(refs, 2, count, copy_run, &bytes);
    }
}

/* A dense int8 buffer of `sizes` at `base`: NHWC (axes 0, 2, 3, 1 outermost first) when
 * nhwc, else row-major. */
static xopt_tile_buffer dense_buffer(int8_t *base, const int32_t *sizes, int32_t rank, int nhwc)
{
    static const int32_t nhwc_order[4] = {1, 3, 2, 0}; /* innermost first */
    xopt_tile_buffer b = {.base = (uint8_t *)base, .rank = rank, .ring_axis = -1, .slots = 1,
                          .element_bytes = 1};
    int64_t step = 1;
    for (int32_t k = rank - 1; k >= 0; --k) {
        const int32_t a = nhwc && rank == 4 ? nhwc_order[rank - 1 - k] : k;
        b.shape[a] = sizes[a];
        b.stride[a] = step;
        step *= sizes[a];
    }
    b.slot_bytes = step;
    return b;
}

void xopt_tile_gather(xopt_tile_ref x, const int32_t *sizes, int nhwc, int8_t *y)
{
    const xopt_tile_buffer dense = dense_buffer(y, sizes, x.buffer->rank, nhwc);
    const xopt_tile_ref to = {.buffer = &dense, .slot = 0};
    xopt_tile_dma(x, to, sizes);
}

void xopt_tile_scatter(const int8_t *x, const int32_t *sizes, int nhwc, xopt_tile_ref y)
{
    const xopt_tile_buffer dense = dense_buffer((int8_t *)x, sizes, y.buffer->rank, nhwc);
    const xopt_tile_ref from = {.buffer = &dense, .slot = 0};
    xopt_tile_dma(from, y, sizes);
}

/* ---- conv2d and fully connected */

/* The tile's output element with sum `sum` of output channel oc (tile channel j): added to
 * the bias (first chunk) or to acc, stored in acc, requantized into y unless a later chunk
 * follows. */
static void finish(const xopt_tile_reduce_layer *l, int32_t chunk, int32_t oc, int32_t j,
                   int64_t sum, xopt_tile_ref bias, int32_t *acc, int8_t *y)
{
    if (acc == NULL || chunk == 0) {
        if (bias.buffer != NULL) {
            const int32_t at[1] = {bias.origin[0] + j};
            int32_t b;
            memcpy(&b, element(bias, at), sizeof b);
            sum += b;
        }
    } else {
        sum += *acc;
    }
    if (acc != NULL) {
        *acc = (int32_t)sum;
        if (chunk < l->chunks - 1) {
            return;
        }
    }
    *y = xopt_requantize_one(&l->requant, oc, (int32_t)sum);
}

/* How many input channels (per group) a chunk, or the whole reduction, sums over; a chunk's
 * window starts at its first channel. */
static int32_t reduced_count(const xopt_tile_reduce_layer *l, int32_t chunk, int has_acc)
{
    const int32_t depth = l->in_c / l->groups;
    return has_acc ? min32(l->in_chunk, depth - chunk * l->in_chunk) : depth;
}

static void conv_tile(const xopt_tile_reduce_layer *l, const int32_t *start, const int32_t *sizes,
                      int32_t chunk, xopt_tile_ref x, xopt_tile_ref w, xopt_tile_ref bias,
                      xopt_tile_ref acc, xopt_tile_ref y)
{
    const int32_t c0 = start[1], tc = min32(sizes[1], l->out_c - c0);
    const int32_t th = min32(sizes[2], l->out_h - start[2]);
    const int32_t tw = min32(sizes[3], l->out_w - start[3]);
    const int32_t per_group = l->out_c / l->groups, in_per_group = l->in_c / l->groups;
    const int32_t span_y = start[2] * l->stride_h - l->pad_top;
    const int32_t span_x = start[3] * l->stride_w - l->pad_left;
    const int32_t i0 = (c0 / per_group) * in_per_group;
    const int32_t count = reduced_count(l, chunk, acc.buffer != NULL);
    const int64_t x_step = x.buffer->stride[3], w_step = w.buffer->stride[3];
    for (int32_t j = 0; j < tc; ++j) {
        const int32_t oc = c0 + j, wz = l->w_zero_point[oc];
        const int32_t x_channel = acc.buffer != NULL ? 0 : (oc / per_group) * in_per_group - i0;
        for (int32_t oy = 0; oy < th; ++oy) {
            for (int32_t ox = 0; ox < tw; ++ox) {
                int64_t sum = 0;
                for (int32_t k = 0; k < count; ++k) {
                    for (int32_t ky = 0; ky < l->kernel_h; ++ky) {
                        const int32_t iy = (start[2] + oy) * l->stride_h - l->pad_top +
                                           ky * l->dilation_h;
                        if (iy < 0 || iy >= l->in_h) {
                            continue;
                        }
                        const int32_t x_at[4] = {x.origin[0], x.origin[1] + x_channel + k,
                                                 x.origin[2] + iy - span_y, x.origin[3]};
                        const int32_t w_at[4] = {w.origin[0] + j, w.origin[1] + k,
                                                 w.origin[2] + ky, w.origin[3]};
                        const int8_t *xs = (const int8_t *)element(x, x_at);
                        const int8_t *ws = (const int8_t *)element(w, w_at);
                        for (int32_t kx = 0; kx < l->kernel_w; ++kx) {
                            const int32_t ix = (start[3] + ox) * l->stride_w - l->pad_left +
                                               kx * l->dilation_w;
                            if (ix >= 0 && ix < l->in_w) {
                                sum += (int32_t)(xs[(ix - span_x) * x_step] - l->x_zero_point) *
                                       (ws[kx * w_step] - wz);
                            }
                        }
                    }
                }
                const int32_t y_at[4] = {y.origin[0], y.origin[1] + j, y.origin[2] + oy,
                                         y.origin[3] + ox};
                int32_t *a = NULL;
                if (acc.buffer != NULL) {
                    const int32_t acc_at[4] = {acc.origin[0], acc.origin[1] + j,
                                               acc.origin[2] + oy, acc.origin[3] + ox};
                    a = (int32_t *)element(acc, acc_at);
                }
                finish(l, chunk, oc, j, sum, bias, a, (int8_t *)element(y, y_at));
            }
        }
    }
}

static void fc_tile(const xopt_tile_reduce_layer *l, const int32_t *start, const int32_t *sizes,
                    int32_t chunk, xopt_tile_ref x, xopt_tile_ref w, xopt_tile_ref bias,
                    xopt_tile_ref acc, xopt_tile_ref y)
{
    const int32_t tm = min32(sizes[0], l->out_h - start[0]);
    const int32_t n0 = start[1], tn = min32(sizes[1], l->out_c - n0);
    const int32_t count = reduced_count(l, chunk, acc.buffer != NULL);
    const int64_t x_step = x.buffer->stride[1], w_step = w.buffer->stride[1];
    for (int32_t m = 0; m < tm; ++m) {
        const int32_t x_at[2] = {x.origin[0] + m, x.origin[1]};
        const int8_t *xs = (const int8_t *)element(x, x_at);
        for (int32_t j = 0; j < tn; ++j) {
            const int32_t w_at[2] = {w.origin[0] + j, w.origin[1]};
            const int8_t *ws = (const int8_t *)element(w, w_at);
            const int32_t wz = l->w_zero_point[n0 + j];
            int64_t sum = 0;
            for (int32_t k = 0; k < count; ++k) {
                sum += (int32_t)(xs[k * x_step] - l->x_zero_point) * (ws[k * w_step] - wz);
            }
            const int32_t y_at[2] = {y.origin[0] + m, y.origin[1] + j};
            int32_t *a = NULL;
            if (acc.buffer != NULL) {
                const int32_t acc_at[2] = {acc.origin[0] + m, acc.origin[1] + j};
                a = (int32_t *)element(acc, acc_at);
            }
            finish(l, chunk, n0 + j, j, sum, bias, a, (int8_t *)element(y, y_at));
        }
    }
}

void xopt_tile_conv_input_rows(const xopt_tile_reduce_layer *l, int32_t start, int32_t r,
                               xopt_tile_ref x, const int8_t *pad, const int8_t **rows)
{
    const int32_t span_y = start * l->stride_h - l->pad_top; /* x.origin[2]'s input row */
    const int32_t first = (start + r) * l->stride_h - l->pad_top;
    xopt_tile_ref at = x;
    at.origin[3] += l->pad_left; /* input column 0 */
    for (int32_t ky = 0; ky < l->kernel_h; ++ky) {
        const int32_t iy = first + ky * l->dilation_h;
        at.origin[2] = x.origin[2] + iy - span_y;
        rows[ky] = iy >= 0 && iy < l->in_h ? (const int8_t *)xopt_tile_address(at, at.origin) : pad;
    }
}

void xopt_tile_reduce(const xopt_tile_reduce_layer *l, const int32_t *start, const int32_t *sizes,
                      int32_t chunk, xopt_tile_ref x, xopt_tile_ref w, xopt_tile_ref bias,
                      xopt_tile_ref acc, xopt_tile_ref y)
{
    if (l->fully_connected) {
        fc_tile(l, start, sizes, chunk, x, w, bias, acc, y);
    } else {
        conv_tile(l, start, sizes, chunk, x, w, bias, acc, y);
    }
}

/* ---- pools on gathered windows, element-wise ops in place */

/* Along one axis: the valid input window of output positions [start, start + n): first
 * valid position's offset in the window (= padding before), valid count, padding after. */
static void window_axis(int32_t start, int32_t n, int32_t stride, int32_t pad, int32_t kernel,
                        int32_t size, int32_t *before, int32_t *count, int32_t *after)
{
    const int32_t span = start * stride - pad, extent = (n - 1) * stride + kernel;
    const int32_t low = max32(span, 0), high = min32(span + extent, size);
    *before = low - span;
    *count = max32(high - low, 0);
    *after = span + extent - low - *count;
}

void xopt_tile_pool(const xopt_pool2d_params *layer, xopt_tile_pool_kernel kernel,
                    const int32_t *start, const int32_t *sizes, xopt_tile_ref x, xopt_tile_ref y,
                    int8_t *scratch)
{
    xopt_pool2d_params p = *layer;
    p.channels = min32(sizes[1], layer->channels - start[1]);
    p.out_h = min32(sizes[2], layer->out_h - start[2]);
    p.out_w = min32(sizes[3], layer->out_w - start[3]);
    if (p.channels <= 0 || p.out_h <= 0 || p.out_w <= 0) {
        return;
    }
    window_axis(start[2], p.out_h, p.stride_h, layer->pad_top, p.kernel_h, layer->in_h,
                &p.pad_top, &p.in_h, &p.pad_bottom);
    window_axis(start[3], p.out_w, p.stride_w, layer->pad_left, p.kernel_w, layer->in_w,
                &p.pad_left, &p.in_w, &p.pad_right);
    const int32_t window[4] = {1, p.channels, p.in_h, p.in_w};
    const int32_t tile[4] = {1, p.channels, p.out_h, p.out_w};
    x.origin[2] += p.pad_top;
    x.origin[3] += p.pad_left;
    xopt_tile_gather(x, window, 1, scratch);
    int8_t *out = scratch + (int64_t)p.channels * p.in_h * p.in_w;
    kernel(&p, scratch, out);
    xopt_tile_scatter(out, tile, 1, y);
}

void xopt_tile_global_avgpool(const xopt_global_avgpool_params *layer,
                              xopt_tile_global_avgpool_kernel kernel, const int32_t *start,
                              const int32_t *sizes, int32_t in_h, int32_t in_w, xopt_tile_ref x,
                              xopt_tile_ref y, int8_t *scratch)
{
    xopt_global_avgpool_params p = *layer;
    p.channels = min32(sizes[1], layer->channels - start[1]);
    if (p.channels <= 0) {
        return;
    }
    const int32_t window[4] = {1, p.channels, in_h, in_w}, tile[4] = {1, p.channels, 1, 1};
    xopt_tile_gather(x, window, 1, scratch);
    int8_t *out = scratch + (int64_t)p.channels * in_h * in_w;
    kernel(&p, scratch, out);
    xopt_tile_scatter(out, tile, 1, y);
}

/* visit over the runs of the element-wise tile clipped to the output (a, b, y). */
static void binary_runs(const int32_t *out_shape, const int32_t *start, const int32_t *sizes,
                        xopt_tile_ref a, xopt_tile_ref b, xopt_tile_ref y, run_visitor visit,
                        void *ctx)
{
    int32_t extent[R];
    for (int32_t axis = 0; axis < a.buffer->rank; ++axis) {
        extent[axis] = min32(sizes[axis], out_shape[axis] - start[axis]);
        if (extent[axis] <= 0) {
            return;
        }
    }
    const xopt_tile_ref refs[3] = {a, b, y};
    for_each_run(refs, 3, extent, visit, ctx);
}

/* xopt_tile_add and xopt_tile_mul: `kernel` on each run of the three buffers, the layer's
 * parameters with their element counts (SET_COUNT) set to the run's length. */
#define BINARY_TILE(OP, PARAMS, KERNEL, SET_COUNT)                                           \
    typedef struct {                                                                         \
        const PARAMS *layer;                                                                 \
        KERNEL kernel;                                                                       \
    } OP##_run_of;                                                                           \
                                                                                             \
    static void OP##_run(void *ctx, int64_t run, uint8_t *const *at)                         \
    {                                                                                        \
        const OP##_run_of *c = ctx;                                                          \
        PARAMS p = *c->layer;                                                                \
        SET_COUNT;                                                                           \
        c->kernel(&p, (const int8_t *)at[0], (const int8_t *)at[1], (int8_t *)at[2]);        \
    }                                                                                        \
                                                                                             \
    void xopt_tile_##OP(const PARAMS *layer, KERNEL kernel, const int32_t *out_shape,        \
                        const int32_t *start, const int32_t *sizes, xopt_tile_ref a,         \
                        xopt_tile_ref b, xopt_tile_ref y)                                    \
    {                                                                                        \
        OP##_run_of ctx = {layer, kernel};                                                   \
        binary_runs(out_shape, start, sizes, a, b, y, OP##_run, &ctx);                       \
    }

BINARY_TILE(add, xopt_add_params, xopt_tile_add_kernel, p.count = (int32_t)run)
BINARY_TILE(mul, xopt_mul_params, xopt_tile_mul_kernel, p.count = p.b_count = (int32_t)run)
