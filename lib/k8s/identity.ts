/** The signed-in person as Kubernetes sees them: a user name and its groups. */
export interface Identity {
  user: string;
  groups: string[];
}
