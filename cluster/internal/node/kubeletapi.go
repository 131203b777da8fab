package node

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	authzv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"

	"github.com/bindery/bindery/cluster/internal/config"
)

// serveKubeletAPI serves the node's kubelet API (stats, metrics) on
// 127.0.0.1:kubeletPort; the apiserver's node proxy reaches it through the
// supervisor's egress proxy (advertised address nodeIP:kubeletPort). Like kubelet: TLS with the node's
// serving certificate, client certificates verified against the cluster
// CA, every request authorized by a SubjectAccessReview.
func (a *Agent) serveKubeletAPI(ctx context.Context, c *config.Config) error {
	cert, err := tls.LoadX509KeyPair(c.PKI("kubelet-"+a.name+".crt"), c.PKI("kubelet-"+a.name+".key"))
	if err != nil {
		return fmt.Errorf("serving certificate: %w", err)
	}
	caPEM, err := os.ReadFile(c.PKI("ca.crt"))
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(a.kubeletPort)))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	stats := a.statsHandler(ctx, c.VolumeStatsPeriod)
	mux.Handle("/stats/", stats)
	mux.Handle("/metrics", stats)
	srv := &http.Server{
		Handler:           a.authorize(mux),
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool,
			ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12},
	}
	go func() {
		if err := srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			klog.Errorf("kubelet API: %v", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	klog.Infof("kubelet API on https://%s", ln.Addr())
	return nil
}

// subresource maps a path to the nodes/<subresource> kubelet checks.
func subresource(path string) string {
	switch {
	case strings.HasPrefix(path, "/stats"):
		return "stats"
	case strings.HasPrefix(path, "/metrics"):
		return "metrics"
	case strings.HasPrefix(path, "/healthz"):
		return "healthz"
	}
	return "proxy"
}

type sarKey struct{ user, groups, sub, verb string }

// sarCache keeps SubjectAccessReview answers briefly (kubelet: 5 min
// allowed, 30 s denied).
type sarCache struct {
	mu sync.Mutex
	m  map[sarKey]sarEntry
}

type sarEntry struct {
	allowed bool
	until   time.Time
}

func (a *Agent) authorize(next http.Handler) http.Handler {
	cache := &sarCache{m: map[sarKey]sarEntry{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		subj := r.TLS.PeerCertificates[0].Subject
		verb := "get"
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			verb = "create"
		}
		k := sarKey{subj.CommonName, strings.Join(subj.Organization, ","), subresource(r.URL.Path), verb}
		cache.mu.Lock()
		e, ok := cache.m[k]
		cache.mu.Unlock()
		if !ok || time.Now().After(e.until) {
			allowed, err := a.review(r.Context(), subj.CommonName, subj.Organization, k.sub, verb)
			if err != nil {
				http.Error(w, "authorization check failed: "+err.Error(), http.StatusInternalServerError)
				return
			}
			ttl := 5 * time.Minute
			if !allowed {
				ttl = 30 * time.Second
			}
			e = sarEntry{allowed: allowed, until: time.Now().Add(ttl)}
			cache.mu.Lock()
			cache.m[k] = e
			cache.mu.Unlock()
		}
		if !e.allowed {
			http.Error(w, fmt.Sprintf("Forbidden (user=%s, verb=%s, resource=nodes, subresource=%s)", subj.CommonName, verb, k.sub),
				http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *Agent) review(ctx context.Context, user string, groups []string, sub, verb string) (bool, error) {
	sar := &authzv1.SubjectAccessReview{Spec: authzv1.SubjectAccessReviewSpec{
		User: user, Groups: groups,
		ResourceAttributes: &authzv1.ResourceAttributes{Verb: verb, Resource: "nodes", Subresource: sub, Name: a.name},
	}}
	res, err := a.client.AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
	if err != nil {
		return false, err
	}
	return res.Status.Allowed, nil
}
