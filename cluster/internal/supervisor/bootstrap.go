package supervisor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/restmapper"
)

const fieldManager = "bindery-bootstrap"

// applyManifests server-side-applies every object of dir/*.yaml, in file
// order. SSA makes this idempotent on every `up` and restores the
// contract if someone edited an owned field.
func applyManifests(ctx context.Context, a *adminClients, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no manifests in %s", dir)
	}
	sort.Strings(files)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(a.kube.Discovery()))
	for _, f := range files {
		objs, err := readObjects(f)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		for _, obj := range objs {
			// Retry briefly: right after startup a fresh namespace may not be
			// visible to admission yet, and discovery may lag.
			noMatch := 0
			err := waitFor(ctx, 30*time.Second, func(ctx context.Context) error {
				err := applyOne(ctx, a, mapper, obj)
				if meta.IsNoMatchError(err) {
					// Refresh discovery once or twice; a kind that is still
					// unknown is a typo, not a race.
					if noMatch++; noMatch > 2 {
						return permanentError{err}
					}
					mapper.Reset()
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("%s: %s %s: %w", filepath.Base(f), obj.GetKind(), obj.GetName(), err)
			}
		}
	}
	return nil
}

func applyOne(ctx context.Context, a *adminClients, mapper meta.RESTMapper, obj *unstructured.Unstructured) error {
	gvk := obj.GroupVersionKind()
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return err
	}
	res := a.dyn.Resource(m.Resource)
	opts := metav1.ApplyOptions{FieldManager: fieldManager, Force: true}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		_, err = res.Namespace(obj.GetNamespace()).Apply(ctx, obj.GetName(), obj, opts)
	} else {
		_, err = res.Apply(ctx, obj.GetName(), obj, opts)
	}
	return err
}

// readObjects splits a multi-document YAML file into objects.
func readObjects(path string) ([]*unstructured.Unstructured, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var out []*unstructured.Unstructured
	for {
		obj := &unstructured.Unstructured{}
		if err := dec.Decode(&obj.Object); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		if len(obj.Object) == 0 {
			continue // empty document (e.g. trailing ---)
		}
		if obj.GetKind() == "" || obj.GetName() == "" {
			return nil, fmt.Errorf("object without kind or name: %v", obj.Object)
		}
		out = append(out, obj)
	}
}
