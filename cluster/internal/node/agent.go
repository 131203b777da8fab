// Package node is a minimal kubelet stand-in. It registers a Node, keeps it
// Ready (Lease + NodeReady condition), and "runs" the pods bound to it: it
// really resolves and prepares their hostPath/local volumes, reports them in
// node.status.volumesInUse and emits kubelet-like events, but starts no
// processes (there is no container runtime here).
package node

import (
	"context"
	"fmt"
	"os/signal"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/bindery/bindery/cluster/internal/config"
)

const (
	leaseInterval  = 10 * time.Second
	statusInterval = 30 * time.Second
)

// Agent is one simulated kubelet.
type Agent struct {
	name   string
	index  int // 1-based, selects the pod CIDR 10.244.<index>.0/24 and zone
	client kubernetes.Interface
	events record.EventRecorder
	pods   corelisters.PodLister
	queue  workqueue.TypedRateLimitingInterface[string]

	nodeDir     string // kubelet root: pods/, plugins/
	socket      string // this node's CSI plugin socket
	nodeIP      string // advertised InternalIP (config.NodeAddress)
	kubeletPort int
	nodeLister  corelisters.NodeLister

	mu         sync.Mutex
	plugin     *csiPlugin                       // nil until registered
	driverInfo map[string]cachedDriver          // CSIDriver podInfoOnMount
	csiVols    map[string][]csiVolume           // pod key -> published CSI volumes
	mounted    map[string]bool                  // pod key -> all its volumes are set up
	volumes    map[string][]v1.UniqueVolumeName // pod key -> volumes in use
	synced     bool                             // pod informer synced: volumesInUse is authoritative
	dirty      chan struct{}                    // node status must be pushed
	statMu     sync.Mutex                       // serialises node status writes
}

// Run starts the agent for node `name` and blocks until SIGTERM/SIGINT.
func Run(c *config.Config, name string, index int) error {
	rest, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig("node-"+name))
	if err != nil {
		return err
	}
	rest.UserAgent = "bindery-node/" + name
	// The kubelet's defaults (kubeAPIQPS 50, kubeAPIBurst 100): client-go's 5/10
	// throttled a node mounting hundreds of volumes (a GET per volume per try).
	rest.QPS, rest.Burst = 50, 100
	client, err := kubernetes.NewForConfig(rest)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	bc := record.NewBroadcaster(record.WithContext(ctx))
	bc.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	defer bc.Shutdown()

	a := &Agent{
		name: name, index: index, client: client,
		events:      bc.NewRecorder(scheme.Scheme, v1.EventSource{Component: "kubelet", Host: name}),
		volumes:     map[string][]v1.UniqueVolumeName{},
		driverInfo:  map[string]cachedDriver{},
		csiVols:     map[string][]csiVolume{},
		mounted:     map[string]bool{},
		nodeDir:     c.NodeDir(name),
		socket:      c.CSISocket(name),
		nodeIP:      config.NodeAddress(index),
		kubeletPort: c.KubeletPort(index),
		dirty:       make(chan struct{}, 1),
		queue: workqueue.NewTypedRateLimitingQueue(
			workqueue.NewTypedItemExponentialFailureRateLimiter[string](500*time.Millisecond, 10*time.Second)),
	}
	if err := retryUntil(ctx, "register node", a.register); err != nil {
		return err
	}
	go a.heartbeat(ctx)

	// Node authorization only lets a node list/watch its own pods.
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", name).String()
		}))
	inf := factory.Core().V1().Pods()
	a.pods = inf.Lister()
	enqueue := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			a.queue.Add(key)
		}
	}
	_, _ = inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueue, UpdateFunc: func(_, o any) { enqueue(o) }, DeleteFunc: enqueue,
	})
	// Its own Node: volumesAttached changes wake pods waiting for attach.
	nodeFactory := informers.NewSharedInformerFactoryWithOptions(client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
		}))
	nodeInf := nodeFactory.Core().V1().Nodes()
	a.nodeLister = nodeInf.Lister()
	_, _ = nodeInf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(o, n any) {
			if !equality.Semantic.DeepEqual(o.(*v1.Node).Status.VolumesAttached, n.(*v1.Node).Status.VolumesAttached) {
				a.enqueueAll()
			}
		},
	})
	factory.Start(ctx.Done())
	nodeFactory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), inf.Informer().HasSynced, nodeInf.Informer().HasSynced) {
		return fmt.Errorf("pod informer did not sync")
	}
	// Register the CSI driver before re-adopting pods, so running pods with
	// CSI volumes are not flipped back to ContainerCreating; if the plugin
	// is slow, registration goes on in the background.
	regCtx, regCancel := context.WithTimeout(ctx, 30*time.Second)
	a.registerCSI(regCtx)
	regCancel()
	if a.csiPlugin() == nil {
		go a.registerCSI(ctx)
	}
	if err := a.serveKubeletAPI(ctx, c); err != nil {
		klog.Errorf("kubelet API: %v", err)
	}
	go a.expansionLoop(ctx)
	// Re-adopt pods from a previous run before reporting volumesInUse, so
	// a restart never briefly reports the node's volumes as unused.
	pods, _ := a.pods.List(labels.Everything())
	live := sets.New[string]()
	for _, p := range pods {
		live.Insert(string(p.UID))
	}
	a.cleanupOrphans(ctx, live)
	for _, p := range pods {
		key, _ := cache.MetaNamespaceKeyFunc(p)
		if err := a.syncPod(ctx, key); err != nil {
			a.queue.AddRateLimited(key)
		}
	}
	a.mu.Lock()
	a.synced = true
	a.mu.Unlock()
	a.markDirty()
	for i := 0; i < 2; i++ {
		go a.worker(ctx)
	}
	klog.Infof("node %s running", name)
	<-ctx.Done()
	a.queue.ShutDown()
	klog.Infof("node %s stopping (Node object kept; it turns NotReady until restarted)", name)
	return nil
}

// retryUntil runs fn until it succeeds: the apiserver may still be settling.
func retryUntil(ctx context.Context, what string, fn func(context.Context) error) error {
	for {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		klog.Warningf("%s: %v (retrying)", what, err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// markDirty asks the heartbeat loop to push node status soon.
func (a *Agent) markDirty() {
	select {
	case a.dirty <- struct{}{}:
	default:
	}
}

func (a *Agent) heartbeat(ctx context.Context) {
	lease, status := time.NewTicker(leaseInterval), time.NewTicker(statusInterval)
	defer lease.Stop()
	defer status.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-lease.C:
			if err := a.renewLease(ctx); err != nil {
				klog.Warningf("renew lease: %v", err)
			}
		case <-status.C:
		case <-a.dirty:
		}
		if err := a.syncNodeStatus(ctx); err != nil && ctx.Err() == nil {
			klog.Warningf("node status: %v", err)
		}
	}
}

// inUse returns the sorted union of volumes of all running pods.
func (a *Agent) inUse() ([]v1.UniqueVolumeName, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	set := map[v1.UniqueVolumeName]bool{}
	for _, vs := range a.volumes {
		for _, v := range vs {
			set[v] = true
		}
	}
	out := make([]v1.UniqueVolumeName, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, a.synced
}

func (a *Agent) capacity() v1.ResourceList {
	return v1.ResourceList{
		v1.ResourceCPU:              resource.MustParse("4"),
		v1.ResourceMemory:           resource.MustParse("8Gi"),
		v1.ResourcePods:             resource.MustParse("110"),
		v1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
}

func (a *Agent) labels() map[string]string {
	return map[string]string{
		"kubernetes.io/hostname":        a.name,
		"kubernetes.io/os":              "linux",
		"kubernetes.io/arch":            runtime.GOARCH,
		"topology.kubernetes.io/region": "bindery-local",
		"topology.kubernetes.io/zone":   fmt.Sprintf("bindery-local-%c", 'a'+rune(a.index-1)%26),
	}
}
