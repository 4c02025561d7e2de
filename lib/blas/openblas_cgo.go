//go:build cgo && linux

package blas

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*, int);
typedef void (*setthreads_fn)(int);
typedef int (*getthreads_fn)(void);

static sgemm_fn p_sgemm;
static dgemm_fn p_dgemm;
static setthreads_fn p_setthreads;
static getthreads_fn p_getthreads;

typedef char *(*corename_fn)(void);
static corename_fn p_corename;

// gl_pick_core names OpenBLAS's best kernels for this CPU when it cannot tell
// itself: virtual machines often report a generic model, for which OpenBLAS's
// dynamic dispatch falls back to SSE3 kernels 5x slower than the AVX-512 ones.
// gcc's detection checks the OS enables the wider registers too.
static void gl_pick_core(void) {
	if (getenv("OPENBLAS_CORETYPE") != NULL) return;
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
			__builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
			__builtin_cpu_supports("avx512cd")) {
		setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
	} else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
		setenv("OPENBLAS_CORETYPE", "Haswell", 0);
	}
}

static int gl_load(const char *name) {
	gl_pick_core();
	void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) return 0;
	p_sgemm = (sgemm_fn)dlsym(h, "cblas_sgemm");
	p_dgemm = (dgemm_fn)dlsym(h, "cblas_dgemm");
	p_setthreads = (setthreads_fn)dlsym(h, "openblas_set_num_threads");
	p_getthreads = (getthreads_fn)dlsym(h, "openblas_get_num_threads");
	p_corename = (corename_fn)dlsym(h, "openblas_get_corename");
	if (!p_sgemm || !p_dgemm || !p_setthreads || !p_getthreads) {
		dlclose(h);
		return 0;
	}
	return 1;
}

enum { gl_RowMajor = 101, gl_NoTrans = 111, gl_Trans = 112 };

static void gl_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
		const float *b, int ldb, float beta, float *c, int ldc) {
	p_sgemm(gl_RowMajor, ta ? gl_Trans : gl_NoTrans, tb ? gl_Trans : gl_NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
static void gl_dgemm(int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
		const double *b, int ldb, double beta, double *c, int ldc) {
	p_dgemm(gl_RowMajor, ta ? gl_Trans : gl_NoTrans, tb ? gl_Trans : gl_NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
static void gl_setthreads(int n) { p_setthreads(n); }
static int gl_getthreads(void) { return p_getthreads(); }
static const char *gl_corename(void) { return p_corename ? p_corename() : "unknown"; }
*/
import "C"

import "unsafe"

// openblas is a dlopen'ed OpenBLAS; its methods take checked arguments.
type openblas struct{}

func loadOpenBLAS() *openblas {
	name := C.CString("libopenblas.so.0")
	defer C.free(unsafe.Pointer(name))
	if C.gl_load(name) == 0 {
		return nil
	}
	return &openblas{}
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func (*openblas) sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.gl_sgemm(cbool(tA), cbool(tB), C.int(m), C.int(n), C.int(k), C.float(alpha),
		(*C.float)(unsafe.Pointer(&a[0])), C.int(lda), (*C.float)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.float(beta), (*C.float)(unsafe.Pointer(&c[0])), C.int(ldc))
}

func (*openblas) dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	C.gl_dgemm(cbool(tA), cbool(tB), C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(unsafe.Pointer(&a[0])), C.int(lda), (*C.double)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.double(beta), (*C.double)(unsafe.Pointer(&c[0])), C.int(ldc))
}

func (*openblas) setThreads(n int) { C.gl_setthreads(C.int(n)) }
func (*openblas) threads() int     { return int(C.gl_getthreads()) }
func (*openblas) core() string     { return C.GoString(C.gl_corename()) }
