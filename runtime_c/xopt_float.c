/* Float layers: the graph ops the C targets run in fp32 (xopt_kernels.h, "float layers").
 * Each float32 operation is rounded on its own, as numpy rounds it (xopt_float_strict.h). */
#include <math.h>

#include "xopt_float_strict.h"
#include "xopt_kernels.h"

/* numpy's NaN-propagating maximum and minimum (np.maximum, np.minimum, np.clip). */
static inline float max_f32(float v, float bound) { return v < bound ? bound : v; }
static inline float min_f32(float v, float bound) { return v > bound ? bound : v; }

static inline float clip01(float v) { return min_f32(max_f32(v, 0.0f), 1.0f); }

static inline float activate(const xopt_activation_f32 *f, float v)
{
    switch (f->kind) {
    case XOPT_F32_RELU:
        return (v > 0.0f || v != v) ? v : 0.0f;
    case XOPT_F32_CLIP:
        return min_f32(max_f32(v, f->alpha), f->beta);
    case XOPT_F32_LEAKY_RELU:
        return v >= 0.0f ? v : v * f->alpha;
    case XOPT_F32_HARD_SIGMOID:
        return clip01(v * f->alpha + f->beta);
    case XOPT_F32_HARD_SWISH:
        return v * clip01(v * (1.0f / 6.0f) + 0.5f);
    default:
        return v;
    }
}

void xopt_unary_f32(const xopt_unary_f32_params *p, const float *x, float *y)
{
    for (int32_t i = 0; i < p->count; ++i) {
        y[i] = activate(&p->activation, x[i]);
    }
}

static inline float combine(int32_t op, float a, float b)
{
    switch (op) {
    case XOPT_F32_SUB:
        return a - b;
    case XOPT_F32_MUL:
        return a * b;
    case XOPT_F32_DIV:
        return a / b;
    case XOPT_F32_PRELU:
        return a >= 0.0f ? a : a * b;
    default:
        return a + b;
    }
}

/* The number of index tuples of `shape` before the last axis (the rows an odometer visits). */
static int64_t rows_of(int32_t rank, const int32_t *shape)
{
    int64_t rows = 1;
    for (int32_t k = 0; k + 1 < rank; ++k) {
        rows *= shape[k];
    }
    return rows;
}

/* Advance the odometer `index` over the axes before the last of `shape`. */
static void next_row(int32_t rank, const int32_t *shape, int32_t *index)
{
    for (int32_t k = rank - 2; k >= 0; --k) {
        if (++index[k] < shape[k]) {
            return;
        }
        index[k] = 0;
    }
}

static int64_t row_offset(int32_t rank, const int32_t *index, const int32_t *strides)
{
    int64_t offset = 0;
    for (int32_t k = 0; k + 1 < rank; ++k) {
        offset += (int64_t)index[k] * strides[k];
    }
    return offset;
}

void xopt_binary_f32(const xopt_binary_f32_params *p, const float *a, const float *b, float *y)
{
    const int32_t r = p->rank, last = p->shape[r - 1];
    const int32_t sa = p->a_strides[r - 1], sb = p->b_strides[r - 1];
    int32_t index[XOPT_F32_MAX_RANK] = {0};
    const int64_t rows = rows_of(r, p->shape);
    for (int64_t row = 0; row < rows; ++row) {
        const float *ar = a + row_offset(r, index, p->a_strides);
        const float *br = b + row_offset(r, index, p->b_strides);
        float *yr = y + row * last;
        for (int32_t i = 0; i < last; ++i) {
            yr[i] = activate(&p->activation, combine(p->op, ar[(int64_t)i * sa], br[(int64_t)i * sb]));
        }
        next_row(r, p->shape, index);
    }
}

void xopt_gather_f32(const xopt_gather_f32_params *p, const float *x, float *y)
{
    const int32_t r = p->rank, last = p->shape[r - 1];
    const int32_t *table[XOPT_F32_MAX_RANK];
    int32_t index[XOPT_F32_MAX_RANK] = {0};
    const int32_t *t = p->offsets;
    for (int32_t k = 0; k < r; ++k) {
        table[k] = t;
        t += p->shape[k];
    }
    const int64_t rows = rows_of(r, p->shape);
    for (int64_t row = 0; row < rows; ++row) {
        int64_t offset = 0;
        int filled = 0;
        for (int32_t k = 0; k + 1 < r; ++k) {
            const int32_t o = table[k][index[k]];
            filled |= o < 0;
            offset += o;
        }
        float *yr = y + row * last;
        for (int32_t i = 0; i < last; ++i) {
            const int32_t o = table[r - 1][i];
            yr[i] = (filled || o < 0) ? p->fill : x[offset + o];
        }
        next_row(r, p->shape, index);
    }
}

/* Offset of flat index n of an index space (row-major over `shape`) with `strides`. */
static int64_t space_offset(int32_t rank, const int32_t *shape, const int32_t *strides, int64_t n)
{
    int64_t offset = 0;
    for (int32_t k = rank - 1; k >= 0; --k) {
        offset += (n % shape[k]) * strides[k];
        n /= shape[k];
    }
    return offset;
}

static int64_t space_size(int32_t rank, const int32_t *shape)
{
    int64_t size = 1;
    for (int32_t k = 0; k < rank; ++k) {
        size *= shape[k];
    }
    return size;
}

void xopt_reduce_mean_f32(const xopt_reduce_mean_f32_params *p, const float *x, float *y)
{
    const int64_t kept = space_size(p->kept_rank, p->kept_shape);
    const int64_t reduced = space_size(p->reduced_rank, p->reduced_shape);
    for (int64_t o = 0; o < kept; ++o) {
        const float *xo = x + space_offset(p->kept_rank, p->kept_shape, p->kept_strides, o);
        float s = -0.0f;
        for (int64_t n = 0; n < reduced; ++n) {
            s += xo[space_offset(p->reduced_rank, p->reduced_shape, p->reduced_strides, n)];
        }
        y[o] = s / p->count;
    }
}

void xopt_lrn_f32(const xopt_lrn_f32_params *p, const float *x, float *y)
{
    const int32_t c_count = p->channels, inner = p->inner;
    for (int32_t n = 0; n < p->outer; ++n) {
        const float *xn = x + (int64_t)n * c_count * inner;
        float *yn = y + (int64_t)n * c_count * inner;
        for (int32_t c = 0; c < c_count; ++c) {
            for (int32_t i = 0; i < inner; ++i) {
                float s = 0.0f;
                for (int32_t k = 0; k < p->size; ++k) {
                    const int32_t j = c - p->before + k;
                    if (j >= 0 && j < c_count) {
                        const float v = xn[(int64_t)j * inner + i];
                        s += v * v;
                    }
                }
                const float base = p->bias + p->alpha_over_size * s;
                const float power = (float)pow((double)base, (double)p->beta);
                yn[(int64_t)c * inner + i] = xn[(int64_t)c * inner + i] / power;
            }
        }
    }
}

void xopt_conv2d_f32(const xopt_conv2d_f32_params *p, const float *x, float *y)
{
    const int32_t cg = p->in_c / p->groups, og = p->out_c / p->groups;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox) {
            float *yp = y + ((int64_t)oy * p->out_w + ox) * p->out_c;
            for (int32_t o = 0; o < p->out_c; ++o) {
                const float *w = p->weight + (int64_t)o * p->kernel_h * p->kernel_w * cg;
                const int32_t c0 = (o / og) * cg;
                float s = 0.0f;
                for (int32_t ky = 0; ky < p->kernel_h; ++ky) {
                    const int32_t iy = oy * p->stride_h - p->pad_top + ky * p->dilation_h;
                    for (int32_t kx = 0; kx < p->kernel_w; ++kx) {
                        const int32_t ix = ox * p->stride_w - p->pad_left + kx * p->dilation_w;
                        if (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) {
                            continue;
                        }
                        const float *xp = x + ((int64_t)iy * p->in_w + ix) * p->in_c + c0;
                        const float *wp = w + ((int64_t)ky * p->kernel_w + kx) * cg;
                        for (int32_t c = 0; c < cg; ++c) {
                            s += xp[c] * wp[c];
                        }
                    }
                }
                yp[o] = activate(&p->activation, p->bias != 0 ? s + p->bias[o] : s);
            }
        }
    }
}

void xopt_matmul_f32(const xopt_matmul_f32_params *p, const float *x, float *y)
{
    for (int32_t m = 0; m < p->rows; ++m) {
        const float *xm = x + (int64_t)m * p->inner;
        for (int32_t n = 0; n < p->cols; ++n) {
            const float *wn = p->weight + (int64_t)n * p->inner;
            float s = 0.0f;
            for (int32_t k = 0; k < p->inner; ++k) {
                s += xm[k] * wn[k];
            }
            s = s * p->alpha;
            if (p->addend != 0) {
                s = s + p->addend[(int64_t)m * p->cols + n];
            }
            y[(int64_t)m * p->cols + n] = activate(&p->activation, s);
        }
    }
}
